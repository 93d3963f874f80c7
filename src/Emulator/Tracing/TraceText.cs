using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Emulator.Tracing;

/// <summary>Fills each traced step's <see cref="TraceStep.Text"/> from LLVM's disassembler (libLLVM's C API).</summary>
public static class TraceText
{
    public static void Fill(CallTrace trace, LlvmDisassembler disassembler)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(disassembler);
        foreach (var step in trace.Steps)
        {
            // An odd address selects Thumb on arm, as a code pointer does.
            if (disassembler.TryDecode(step.Bytes, step.AlternateSet ? step.Address | 1 : step.Address, out var instruction))
            {
                step.Text = instruction.Text;
                step.Bytes = instruction.Bytes;
            }
            else
            {
                step.Text = LlvmDisassembler.Unknown;
            }
        }
    }

    /// <summary>Fills several traces, one disassembler per ISA, each disposed before this returns.</summary>
    public static void Fill(IEnumerable<(IsaBackend Isa, CallTrace Trace)> traces)
    {
        ArgumentNullException.ThrowIfNull(traces);
        var disassemblers = new Dictionary<string, LlvmDisassembler>(StringComparer.Ordinal);
        try
        {
            foreach (var (isa, trace) in traces)
            {
                if (!disassemblers.TryGetValue(isa.Name, out var disassembler))
                {
                    disassembler = LlvmDisassembler.Create(isa);
                    disassemblers[isa.Name] = disassembler;
                }
                Fill(trace, disassembler);
            }
        }
        finally
        {
            foreach (var d in disassemblers.Values)
            {
                d.Dispose();
            }
        }
    }
}

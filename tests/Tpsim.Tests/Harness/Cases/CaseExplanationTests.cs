using System.Globalization;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Tracing;
using Tpsim.Harness.Cases;
using Xunit;

namespace Tpsim.Tests.Harness.Cases;

/// <summary>
/// <see cref="CaseRunner.Explain"/> on the callee-pop control of every ISA, against Data/Explain/callee-pop.txt: the
/// instruction that moves SP, its SP delta, the step the violation is marked on, and the call's net SP delta, with
/// LLVM's disassembly. The controls: the probe's call of the same case, and the balanced stub, carry no violation.
/// </summary>
public sealed class CaseExplanationTests
{
    /// <summary>isa | instruction moving SP | its SP delta | instruction the violation is marked on | the call's SP delta.</summary>
    public static TheoryData<string, string, long, string, long> CalleePop()
    {
        var data = new TheoryData<string, string, long, string, long>();
        foreach (var line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Data", "Explain", "callee-pop.txt")))
        {
            if (line.Trim() is not { Length: > 0 } row || row.StartsWith('#'))
            {
                continue;
            }
            var p = row.Split('|', StringSplitOptions.TrimEntries);
            data.Add(p[0], p[1], long.Parse(p[2], CultureInfo.InvariantCulture), p[3], long.Parse(p[4], CultureInfo.InvariantCulture));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CalleePop))]
    public void Callee_pop_control_is_explained_at_its_instructions(string isaName, string moves, long movesBy, string marked, long callDelta)
    {
        var (explanation, isa) = Explain(isaName, "control:callee-pop", null);
        var trace = explanation.Trace;
        Assert.Equal(Verdict.Unbalanced, explanation.Result.Verdict);
        Assert.Equal(1, explanation.Call);
        var steps = trace.Steps.Where(s => s.Call == 1).ToList();
        Assert.Contains(steps, s => Same(s.Text, moves) && s.SpDelta == movesBy);
        var at = trace.EventStep;
        Assert.NotNull(at);
        Assert.Equal(1, at.Call);
        Assert.True(Same(at.Text, marked), $"violation marked on '{at.Text}' at {at.Place}, expected '{marked}'");
        Assert.Equal(ViolationKind.StackPointer, at.Event!.Violation!.Kind);
        var call = explanation.Traced!;
        Assert.Equal("tp_stub_func", call.Callee);
        Assert.NotNull(call.AtReturn);
        Assert.Equal(callDelta, (long)(call.AtReturn.StackPointer - call.StackPointerBeforeCall));
        Assert.Equal(isa.Abi.StackPointer, at.Event.Violation.Register);
        // Every step of the stub sits in tp_stub_func, named by symbol and offset.
        Assert.All(steps, s => Assert.Equal("tp_stub_func", s.Symbol));
        Assert.Equal(0UL, steps[0].Offset);
    }

    [Theory]
    [MemberData(nameof(CalleePop))]
    public void The_probe_call_and_the_balanced_stub_carry_no_violation(string isaName, string moves, long movesBy, string marked, long callDelta)
    {
        _ = (moves, movesBy, marked, callDelta);
        var (probe, _) = Explain(isaName, "control:callee-pop", 0);
        Assert.Equal(0, probe.Call);
        Assert.DoesNotContain(probe.Trace.SiteAnd(0), s => s.Call == 0 && s.Event is not null);
        Assert.Equal(probe.Traced!.StackPointerBeforeCall, probe.Traced.AtReturn!.StackPointer);

        var (balanced, _) = Explain(isaName, "stub.S", null);
        Assert.Equal(Verdict.Balanced, balanced.Result.Verdict);
        Assert.Null(balanced.Trace.EventStep);
        Assert.Equal(1, balanced.Call);
        Assert.Equal(balanced.Traced!.StackPointerBeforeCall, balanced.Traced.AtReturn!.StackPointer);
        Assert.Empty(balanced.Traced.ClobberedCalleeSaved());
    }

    [Fact]
    public void A_clobbered_register_shows_as_changed_at_its_instruction_and_in_the_frame()
    {
        var (explanation, _) = Explain("x86_64", "control:clobber", null);
        var call = explanation.Traced!;
        Assert.Contains(call.ClobberedCalleeSaved(), r => r.Name == "rbx");
        Assert.Contains(explanation.Trace.Steps, s => s.Call == 1 && s.Registers.Any(r => r.Name == "rbx"));
        Assert.Equal(ViolationKind.CalleeSaved, explanation.Trace.EventStep!.Event!.Violation!.Kind);
    }

    [Fact]
    public void A_write_into_the_callers_frame_far_above_the_picture_is_in_the_frame_summary()
    {
        var (explanation, isa) = Explain("x86_64", "control:frame-write", null);
        var violation = explanation.Trace.EventStep!.Event!.Violation!;
        Assert.Equal(ViolationKind.CallerFrame, violation.Kind);
        var changes = explanation.Trace.CallerFrameChanges(explanation.Traced!, isa.Abi.PointerSize, isa.Abi.ByteOrder).ToList();
        var change = Assert.Single(changes);
        Assert.Equal(violation.Register, $"mem[0x{change.Address:x}]");
        Assert.Equal(0x5a5aUL, change.New);
        Assert.False(explanation.Traced!.InWindow(change.Address));

        // The control: the callee-pop stub writes nothing of its caller's.
        var (pop, _) = Explain("x86_64", "control:callee-pop", null);
        Assert.Empty(pop.Trace.CallerFrameChanges(pop.Traced!, isa.Abi.PointerSize, isa.Abi.ByteOrder));
    }

    [Fact]
    public void A_fault_is_marked_on_the_faulting_instruction()
    {
        var (explanation, _) = Explain("arm64", "control:fault", null);
        Assert.Equal(Verdict.Fault, explanation.Result.Verdict);
        var at = explanation.Trace.EventStep!;
        Assert.Equal(explanation.Result.Fault!.Pc, at.Address);
        Assert.Equal(1, at.Call);
        Assert.Empty(at.Registers);
    }

    private static (CaseExplanation, global::Tpsim.Emulator.Isa.IsaBackend) Explain(string isaName, string stub, int? call)
    {
        var isa = Isas.Create(isaName);
        // The stubs sit in the middle of three entries in both arrays: [probe, stub, probe].
        var c = StubMatrix.Build(isa).First(x => x.Stub.Name == stub && x.Site == SiteKind.C && x.Shape.Name is "probe-stub-probe" or "stub-middle" && x.Args == 8);
        using var runner = new CaseRunner(isa, new Compiler());
        var explanation = runner.Explain(c, call);
        using var disassembler = LlvmDisassembler.Create(isa);
        TraceText.Fill(explanation.Trace, disassembler);
        return (explanation, isa);
    }

    /// <summary>Instruction texts compared modulo whitespace runs and the base of immediates (LLVM prints 0x10 for 16).</summary>
    private static bool Same(string a, string b) => Normal(a) == Normal(b);

    private static string Normal(string text) =>
        System.Text.RegularExpressions.Regex.Replace(string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), "0x([0-9a-f]+)",
            m => ulong.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
}

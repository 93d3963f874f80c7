using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Unicorn;
using Tpsim.KernelSim.Tracepoints;

namespace Tpsim.KernelSim.Machine;

/// <summary>
/// Reads the kernel's <c>tp_log</c> (module.h's <c>struct tp_record</c>) from guest memory. The real-kernel probes
/// write the same record into <c>tpsim_log</c>, so one reader serves both kernels.
/// </summary>
public sealed class RecordingLog(Engine engine, ulong records, ulong length, TracepointAbi abi) : IProbeLog
{
    // struct tp_record { long probe; long nargs; void *data; long args[12]; }: words of the ISA's long.
    public const int MaxArgs = 12;
    private readonly int _recordSize = abi.Word * (3 + MaxArgs);
    public const int Capacity = 256;
    private readonly byte[] _buffer = new byte[abi.Word * (3 + MaxArgs)];

    public long Count => (long)abi.ReadWord(engine, length);

    public ProbeRecord Read(long index)
    {
        var buf = _buffer;
        engine.Read(records + (ulong)(index * _recordSize), buf);
        var n = (int)Math.Clamp((long)abi.GetWord(buf.AsSpan(abi.Word)), 0, MaxArgs);
        var args = new ulong[n];
        for (var i = 0; i < n; i++)
        {
            args[i] = abi.GetWord(buf.AsSpan(abi.Word * (3 + i)));
        }
        return new ProbeRecord(n, abi.GetWord(buf.AsSpan(2 * abi.Word)), args);
    }

    public long ReadInto(long index, out ulong data, Span<ulong> arguments)
    {
        var buf = _buffer;
        engine.Read(records + (ulong)(index * _recordSize), buf);
        var n = (int)Math.Clamp((long)abi.GetWord(buf.AsSpan(abi.Word)), 0, MaxArgs);
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = i < n ? abi.GetWord(buf.AsSpan(abi.Word * (3 + i))) : 0;
        }
        data = abi.GetWord(buf.AsSpan(2 * abi.Word));
        return n;
    }

    public void Reset() => abi.WriteWord(engine, length, 0);

    /// <summary>Where <c>tp_log_len</c> is: a fire starts by zeroing it (<see cref="Reset"/>).</summary>
    public ulong LengthAddress => length;

    /// <summary>The size of <c>tp_log_len</c> in bytes (the ISA's long).</summary>
    public int Word => abi.Word;
}

using Tpsim.Harness.Sources;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Harness.Cases;

/// <summary>Reads <c>tp_log</c>/<c>tp_log_len</c> of probes.c from guest memory, in the ISA's word size and byte order.</summary>
internal sealed class ProbeLog(Engine engine, ulong records, ulong length, int word, ByteOrder order) : IProbeLog
{
    /// <summary>TP_LOG_ARGS of probes.c: room for generated prototypes, which go past the matrix's 12 arguments.</summary>
    public const int LogArgs = HarnessSources.ProbeLogArgs;

    // struct tp_record { long probe; void *data; long args[TP_LOG_ARGS]; }: words of the ISA's long.
    private readonly int _recordSize = word * (2 + LogArgs);
    public const int Capacity = 64;

    public long Count => (long)engine.ReadWord(length, word, order);

    public ProbeRecord Read(long index)
    {
        var buf = new byte[_recordSize];
        engine.Read(records + (ulong)(index * _recordSize), buf);
        var n = (long)MemoryWords.GetWord(buf, word, order);
        var args = new ulong[LogArgs];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = MemoryWords.GetWord(buf.AsSpan(word * (2 + i)), word, order);
        }
        return new ProbeRecord(n, MemoryWords.GetWord(buf.AsSpan(word), word, order), args[..(int)Math.Clamp(n, 0, LogArgs)]);
    }

    public void Reset()
    {
        engine.WriteWord(length, word, 0, order);
        engine.Write(records, new byte[_recordSize * Capacity]);
    }
}

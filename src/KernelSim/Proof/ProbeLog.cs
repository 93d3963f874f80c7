using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.KernelSim.Proof;

/// <summary>Reads <c>tp_log</c>/<c>tp_log_len</c> of probes.c from guest memory.</summary>
internal sealed class ProbeLog(Engine engine, ulong records, ulong length) : IProbeLog
{
    // struct tp_record { long probe; void *data; long args[12]; }
    private const int RecordSize = 8 + 8 + 8 * StubMatrix.MaxArgs;
    public const int Capacity = 64;

    public long Count => (long)engine.ReadUInt64(length);

    public ProbeRecord Read(long index)
    {
        var buf = new byte[RecordSize];
        engine.Read(records + (ulong)(index * RecordSize), buf);
        var n = BitConverter.ToInt64(buf, 0);
        var args = new ulong[StubMatrix.MaxArgs];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = BitConverter.ToUInt64(buf, 16 + 8 * i);
        }
        return new ProbeRecord(n, BitConverter.ToUInt64(buf, 8), args[..(int)Math.Clamp(n, 0, StubMatrix.MaxArgs)]);
    }

    public void Reset()
    {
        engine.WriteUInt64(length, 0);
        engine.Write(records, new byte[RecordSize * Capacity]);
    }
}

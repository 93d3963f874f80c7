using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.KernelSim.Machine;

/// <summary>Reads the kernel's <c>tp_log</c> (module.h's <c>struct tp_record</c>) from guest memory.</summary>
internal sealed class RecordingLog(Engine engine, ulong records, ulong length) : IProbeLog
{
    // struct tp_record { long probe; long nargs; void *data; long args[12]; }
    private const int MaxArgs = 12;
    private const int RecordSize = 8 * (3 + MaxArgs);
    public const int Capacity = 256;

    public long Count => (long)engine.ReadUInt64(length);

    public ProbeRecord Read(long index)
    {
        var buf = new byte[RecordSize];
        engine.Read(records + (ulong)(index * RecordSize), buf);
        var n = (int)Math.Clamp(BitConverter.ToInt64(buf, 8), 0, MaxArgs);
        var args = new ulong[n];
        for (var i = 0; i < n; i++)
        {
            args[i] = BitConverter.ToUInt64(buf, 24 + 8 * i);
        }
        return new ProbeRecord(n, BitConverter.ToUInt64(buf, 16), args);
    }

    /// <summary>The tpsim id of the probe that wrote record <paramref name="index"/>.</summary>
    public long ProbeId(long index) => (long)engine.ReadUInt64(records + (ulong)(index * RecordSize));

    public void Reset() => engine.WriteUInt64(length, 0);
}

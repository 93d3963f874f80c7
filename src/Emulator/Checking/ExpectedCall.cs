namespace Tpsim.Emulator.Checking;

/// <summary>
/// One entry of the array as the site should call it: where it goes, with which data, and, for a real
/// probe, which arguments it must record.
/// </summary>
/// <param name="Target">Entry address of the callee.</param>
/// <param name="Callee">Symbol name of the callee, for reports.</param>
/// <param name="Data">The entry's <c>data</c> pointer, passed as the first argument.</param>
/// <param name="IsProbe">True for a recording probe whose log entry is checked at its return.</param>
public sealed record ExpectedCall(ulong Target, string Callee, ulong Data, bool IsProbe);

/// <summary>What one probe wrote into the log.</summary>
public sealed record ProbeRecord(long ArgumentCount, ulong Data, IReadOnlyList<ulong> Arguments);

/// <summary>The probes' log in guest memory, as the checker reads it.</summary>
public interface IProbeLog
{
    /// <summary>Entries written so far.</summary>
    long Count { get; }

    ProbeRecord Read(long index);

    /// <summary>
    /// Record <paramref name="index"/> without allocating (the per-call check reads one at every probe's return): its
    /// data, and its first arguments into <paramref name="arguments"/>; returns how many arguments it holds.
    /// </summary>
    long ReadInto(long index, out ulong data, Span<ulong> arguments)
    {
        var record = Read(index);
        data = record.Data;
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = i < record.Arguments.Count ? record.Arguments[i] : 0;
        }
        return record.Arguments.Count;
    }
}

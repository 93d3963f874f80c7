namespace Tpsim.Emulator.Tracing;

/// <summary>Bytes an instruction stored, as memory held them before and after (guest byte order).</summary>
public sealed record MemoryChange(ulong Address, byte[] Old, byte[] New)
{
    /// <summary>Whether the store left memory as it was (a push of the value already there).</summary>
    public bool Unchanged => Old.AsSpan().SequenceEqual(New);
}

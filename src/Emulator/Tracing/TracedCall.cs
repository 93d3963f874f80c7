using Tpsim.Emulator.Memory;

namespace Tpsim.Emulator.Tracing;

/// <summary>
/// One call the site made, as the trace saw it: its callee, where the frame stood at entry and after the return, and
/// the layout the ABI gives the incoming area. <see cref="AtReturn"/> is null when the callee never came back.
/// </summary>
public sealed record TracedCall(int Index, string Callee, ulong Entry, CallFrameState AtEntry)
{
    /// <summary>The caller's SP just before the call instruction: entry SP plus a pushed return address.</summary>
    public required ulong StackPointerBeforeCall { get; init; }

    /// <summary>Where the callee returns to; <see cref="ReturnSlot"/> holds it on a stack-return ISA.</summary>
    public required ulong ReturnAddress { get; init; }

    /// <summary>The stack slot holding the return address (x86), or null when it is in a link register.</summary>
    public required ulong? ReturnSlot { get; init; }

    /// <summary>The register holding the return address at entry (arm64 x30, riscv64 ra), or null on x86.</summary>
    public string? LinkRegister { get; init; }

    /// <summary>The callee's save area the caller reserved at its SP (s390x 160 bytes), from the entry SP.</summary>
    public required int RegisterSaveArea { get; init; }

    /// <summary>Where the incoming stack arguments start and how many bytes they take.</summary>
    public required ulong ArgumentsStart { get; init; }

    public required int ArgumentBytes { get; init; }

    /// <summary>The lowest SP the callee reached: the bottom of its own frame.</summary>
    public ulong DeepestStackPointer { get; internal set; }

    public CallFrameState? AtReturn { get; internal set; }

    /// <summary>Instructions the callee executed (all of them, even past a truncated trace).</summary>
    public long Instructions { get; internal set; }

    /// <summary>SP after the return minus SP before the call (0 when balanced), or null if the callee never returned.</summary>
    public long? StackPointerDelta => AtReturn is { } after ? unchecked((long)(after.StackPointer - StackPointerBeforeCall)) : null;

    /// <summary>The first byte of the caller's frame the callee must leave alone.</summary>
    public ulong CallerFrameStart => ArgumentsStart + (ulong)ArgumentBytes;

    /// <summary>The words of the frame window that differ between entry and return (none if it never returned).</summary>
    public IEnumerable<(ulong Address, ulong Old, ulong New)> ChangedWords(int word, ByteOrder order)
    {
        if (AtReturn is not { } after)
        {
            yield break;
        }
        var before = AtEntry.Window;
        for (var off = 0; off + word <= before.Length && off + word <= after.Window.Length; off += word)
        {
            var old = MemoryWords.GetWord(before.AsSpan(off), word, order);
            var now = MemoryWords.GetWord(after.Window.AsSpan(off), word, order);
            if (old != now)
            {
                yield return (AtEntry.WindowStart + (ulong)off, old, now);
            }
        }
    }

    /// <summary>Whether <paramref name="address"/> lies in the stack window the frame states picture.</summary>
    public bool InWindow(ulong address) => address >= AtEntry.WindowStart && address - AtEntry.WindowStart < (ulong)AtEntry.Window.Length;

    /// <summary>The callee-saved registers whose value at the return differs from the entry.</summary>
    public IEnumerable<RegisterChange> ClobberedCalleeSaved() => AtReturn is not { } after
        ? []
        : AtEntry.CalleeSaved.Where(kv => after.CalleeSaved[kv.Key] != kv.Value).Select(kv => new RegisterChange(kv.Key, kv.Value, after.CalleeSaved[kv.Key]));
}

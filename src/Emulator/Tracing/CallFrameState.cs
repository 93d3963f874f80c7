namespace Tpsim.Emulator.Tracing;

/// <summary>
/// The stack around one call at one moment (the callee's first instruction, or the first site instruction after it
/// returned): SP, and the bytes of [<see cref="WindowStart"/>, +<see cref="Window"/>.Length), which cover the callee's
/// frame below the entry SP, the return-address slot, the incoming argument area and the bottom of the caller's frame.
/// </summary>
public sealed record CallFrameState(ulong StackPointer, ulong WindowStart, byte[] Window, IReadOnlyDictionary<string, ulong> CalleeSaved);

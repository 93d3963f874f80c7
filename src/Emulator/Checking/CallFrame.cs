namespace Tpsim.Emulator.Checking;

/// <summary>
/// The machine state snapshotted at a callee's entry, against which its return is judged. One instance per
/// monitor, refilled at every entry: a fire makes several calls, and a fresh snapshot each time was most of
/// what the check allocated.
/// </summary>
internal sealed class CallFrame
{
    public int Index { get; set; }

    public ExpectedCall Call { get; set; } = null!;

    /// <summary>The SP the return must restore: the SP before the call, plus the stack arguments under a callee-pop convention.</summary>
    public ulong StackPointerBeforeCall { get; set; }

    public ulong ReturnAddress { get; set; }

    public ulong[] CalleeSaved { get; set; } = [];

    /// <summary>First byte of the caller's frame above the callee's incoming-argument area.</summary>
    public ulong FrameStart { get; set; }

    /// <summary>The caller's frame from <see cref="FrameStart"/> to the top of the stack, as it was at entry.</summary>
    public ReadOnlySpan<byte> Frame => FrameBuffer.AsSpan(0, FrameLength);

    public byte[] FrameBuffer { get; set; } = [];

    public int FrameLength { get; set; }

    /// <summary>The caller's words inside the callee's save area (<see cref="Isa.AbiDescription.CallerRangesInSaveArea"/>), by address.</summary>
    public IReadOnlyList<(ulong Address, byte[] Bytes)> CallerWords { get; set; } = [];

    public long LogCountBefore { get; set; }
}

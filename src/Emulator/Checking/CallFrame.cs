namespace Tpsim.Emulator.Checking;

/// <summary>The machine state snapshotted at a callee's entry, against which its return is judged.</summary>
internal sealed class CallFrame
{
    public required int Index { get; init; }

    public required ExpectedCall Call { get; init; }

    /// <summary>SP as the caller had it just before the call instruction.</summary>
    /// <summary>The SP the return must restore: the SP before the call, plus the stack arguments under a callee-pop convention.</summary>
    public required ulong StackPointerBeforeCall { get; init; }

    public required ulong ReturnAddress { get; init; }

    public required ulong[] CalleeSaved { get; init; }

    /// <summary>First byte of the caller's frame above the callee's incoming-argument area.</summary>
    public required ulong FrameStart { get; init; }

    public required byte[] Frame { get; init; }

    /// <summary>The caller's words inside the callee's save area (<see cref="Isa.AbiDescription.CallerRangesInSaveArea"/>), by address.</summary>
    public IReadOnlyList<(ulong Address, byte[] Bytes)> CallerWords { get; init; } = [];

    public required long LogCountBefore { get; init; }
}

using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Emulator.Isa;

/// <summary>Sets up a call from the host into guest code exactly as a caller on the ISA would.</summary>
public static class CallPlacement
{
    /// <summary>
    /// Writes register and stack arguments below <paramref name="top"/>, aligned as the ABI demands, and
    /// the return address (pushed or in the link register). Stack arguments are words of the ABI's
    /// pointer size in its byte order, above the register save area the caller reserves on s390x.
    /// Returns the SP the callee sees on entry.
    /// </summary>
    public static ulong Place(Engine engine, IsaBackend isa, ulong top, ulong returnAddress, IReadOnlyList<ulong> args)
    {
        var abi = isa.Abi;
        var regs = abi.IntegerArguments;
        var stackArgs = abi.StackArgumentCount(args.Count);
        var reserved = (ulong)(abi.RegisterSaveAreaSize + stackArgs * abi.StackSlotSize);
        var spBeforeCall = (top - reserved) & ~((ulong)abi.StackAlignment - 1);
        var firstStackArgument = spBeforeCall + (ulong)abi.RegisterSaveAreaSize;
        // Register arguments, the link register and SP go to the engine in one batch.
        Span<int> ids = stackalloc int[Math.Min(args.Count, regs.Count) + 2];
        Span<ulong> values = stackalloc ulong[ids.Length];
        var n = 0;
        for (var i = 0; i < args.Count; i++)
        {
            if (i < regs.Count)
            {
                ids[n] = isa.ArgumentRegisterIds[i];
                values[n++] = args[i];
            }
            else
            {
                engine.WriteWord(firstStackArgument + (ulong)((i - regs.Count) * abi.StackSlotSize), abi.PointerSize, args[i], abi.ByteOrder);
            }
        }
        ulong sp;
        if (abi.ReturnAddress == ReturnAddressLocation.Stack)
        {
            sp = spBeforeCall - (ulong)abi.StackSlotSize;
            engine.WriteWord(sp, abi.PointerSize, returnAddress, abi.ByteOrder);
        }
        else
        {
            sp = spBeforeCall;
            ids[n] = isa.LinkRegisterId;
            values[n++] = returnAddress;
        }
        ids[n] = isa.StackPointerId;
        values[n++] = sp;
        engine.WriteRegisters(ids[..n], values[..n]);
        return sp;
    }
}

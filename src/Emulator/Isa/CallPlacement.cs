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
        for (var i = 0; i < args.Count; i++)
        {
            if (i < regs.Count)
            {
                engine.WriteRegister(isa.Registers[regs[i]], args[i]);
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
            engine.WriteRegister(isa.Registers[abi.LinkRegister!], returnAddress);
        }
        engine.WriteRegister(isa.Registers[abi.StackPointer], sp);
        return sp;
    }
}

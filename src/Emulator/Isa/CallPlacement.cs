using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Emulator.Isa;

/// <summary>Sets up a call from the host into guest code exactly as a caller on the ISA would.</summary>
public static class CallPlacement
{
    /// <summary>
    /// Writes register and stack arguments below <paramref name="top"/>, aligned as the ABI demands, and
    /// the return address (pushed or in the link register). Returns the SP the callee sees on entry.
    /// </summary>
    public static ulong Place(Engine engine, IsaBackend isa, ulong top, ulong returnAddress, IReadOnlyList<ulong> args)
    {
        var abi = isa.Abi;
        var regs = abi.IntegerArguments;
        var stackArgs = abi.StackArgumentCount(args.Count);
        var spBeforeCall = (top - (ulong)(stackArgs * abi.StackSlotSize)) & ~((ulong)abi.StackAlignment - 1);
        for (var i = 0; i < args.Count; i++)
        {
            if (i < regs.Count)
            {
                engine.WriteRegister(isa.Registers[regs[i]], args[i]);
            }
            else
            {
                engine.WriteWord(spBeforeCall + (ulong)((i - regs.Count) * abi.StackSlotSize), abi.PointerSize, args[i]);
            }
        }
        ulong sp;
        if (abi.ReturnAddress == ReturnAddressLocation.Stack)
        {
            sp = spBeforeCall - (ulong)abi.StackSlotSize;
            engine.WriteWord(sp, abi.PointerSize, returnAddress);
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

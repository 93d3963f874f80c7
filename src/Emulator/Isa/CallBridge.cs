using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Emulator.Isa;

/// <summary>
/// Lets emulated code call a function implemented in C#. Each bridged function owns a slot that holds
/// only the ISA's plain return instruction; a code hook on the slot reads the arguments by the ABI,
/// runs the C# body and writes the result, and then the real return instruction runs. So the return
/// itself (pop on x86, branch to the link register elsewhere) is the CPU's, not a simulation of it.
/// </summary>
public abstract class CallBridge
{
    private readonly AbiDescription _abi;
    private readonly int[] _argumentIds;
    private readonly int _spId;
    private readonly int _returnId;

    protected CallBridge(AbiDescription abi, RegisterMap registers)
    {
        _abi = abi;
        _argumentIds = [.. abi.IntegerArguments.Select(r => registers[r])];
        _spId = registers[abi.StackPointer];
        _returnId = registers[abi.ReturnValue];
    }

    /// <summary>Bytes of the ISA's return instruction, written at the start of every slot.</summary>
    public abstract byte[] ReturnInstruction { get; }

    /// <summary>
    /// Added to a slot's address to form its symbol: 1 for Thumb slots on arm, so that a branch from Thumb code
    /// (which cannot change state with B.W) reaches Thumb code. Hooks stay on the slot's even address.
    /// </summary>
    public virtual ulong SymbolBias => 0;

    /// <summary>
    /// The bytes written at the slot at <paramref name="slot"/>: the return instruction by default. ppc64 ELFv1
    /// adds a function descriptor for the slot's code after it, at <see cref="SymbolBias"/>.
    /// </summary>
    public virtual byte[] SlotBytes(ulong slot) => ReturnInstruction;

    /// <summary>Distance between slots; room for the return instruction and alignment for any ISA.</summary>
    public virtual int SlotSize => 16;

    /// <summary>
    /// Integer argument <paramref name="index"/> as the callee sees it on entry to the slot. A stack
    /// argument is one word of <see cref="AbiDescription.PointerSize"/> bytes in the ABI's byte order,
    /// zero-extended (4 on i386), found past a pushed return address and past the caller's register save
    /// area (160(%r15) on s390x).
    /// </summary>
    public ulong ReadArgument(Engine engine, int index)
    {
        if (index < _argumentIds.Length)
        {
            return engine.ReadRegister(_argumentIds[index]);
        }
        var sp = engine.ReadRegister(_spId);
        var slot = (ulong)(_abi.IncomingArgumentOffset + (index - _argumentIds.Length) * _abi.StackSlotSize);
        return engine.ReadWord(sp + slot, _abi.PointerSize, _abi.ByteOrder);
    }

    /// <summary>Writes an integer result where the caller expects it.</summary>
    public void WriteResult(Engine engine, ulong value) => engine.WriteRegister(_returnId, value);
}

using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Memory;

namespace Tpsim.KernelSim.Tracepoints;

/// <summary>
/// The tracepoint structures' layout on one ISA: every field is a pointer or a long, so the layout is
/// <see cref="TracepointLayout"/>'s with the ISA's word size, read and written in its byte order.
/// <c>struct tracepoint_func { void *func; void *data; int prio; }</c> is three words (12 or 24 bytes: the int
/// is padded to a word on every ISA tpsim runs), and <c>allocate_probes</c>' rcu_head is two words.
/// </summary>
public sealed record TracepointAbi(int Word, ByteOrder Order)
{
    /// <summary>64-bit little-endian: x86_64, arm64, riscv64 (the constants of <see cref="TracepointLayout"/>).</summary>
    public static readonly TracepointAbi Lp64 = new(8, ByteOrder.LittleEndian);

    public static TracepointAbi Of(AbiDescription abi) => new(abi.PointerSize, abi.ByteOrder);

    public int KeyOffset => Word;

    public int FuncsOffset => 2 * Word;

    /// <summary>sizeof(struct tracepoint): name, key, funcs, iterator, stub, nargs.</summary>
    public int Size => 6 * Word;

    public int FuncEntrySize => 3 * Word;

    public int EntryDataOffset => Word;

    public int EntryPrioOffset => 2 * Word;

    public int RcuHeadSize => 2 * Word;

    public ulong ReadWord(IEmulatedMemory memory, ulong address) => memory.ReadWord(address, Word, Order);

    public void WriteWord(IEmulatedMemory memory, ulong address, ulong value) => memory.WriteWord(address, Word, value, Order);

    public ulong GetWord(ReadOnlySpan<byte> span) => MemoryWords.GetWord(span, Word, Order);

    public void PutWord(Span<byte> span, ulong value) => MemoryWords.PutWord(span, Word, value, Order);

    /// <summary>The int prio field: 4 bytes in the ISA's byte order.</summary>
    public int GetPrio(ReadOnlySpan<byte> span) => unchecked((int)(uint)MemoryWords.GetWord(span, 4, Order));

    public void PutPrio(Span<byte> span, int prio) => MemoryWords.PutWord(span, 4, unchecked((uint)prio), Order);
}

using System.Numerics;
using Tpsim.Emulator.Loading;

namespace Tpsim.Arch.Riscv64;

/// <summary>
/// RISC-V relocations (riscv-elf-psabi, "Relocations") as arch/riscv/kernel/module.c applies them to a
/// module built with -mcmodel=medany -mno-relax. Nothing is relaxed, so RELAX is a no-op and ALIGN
/// must already hold; a %pcrel_lo takes its value from the PCREL_HI20 at the AUIPC it names.
/// </summary>
public sealed class Relocations : IRelocator
{
    public ushort Machine => 243;

    public string MachineName => "EM_RISCV";

    public string TypeName(uint type) =>
        Enum.IsDefined((RelocationType)type) ? ((RelocationType)type).ToString() : $"type {type}";

    public void Apply(in RelocationContext context)
    {
        switch ((RelocationType)context.Type)
        {
            case RelocationType.R_RISCV_NONE:
            case RelocationType.R_RISCV_RELAX:
                return;
            case RelocationType.R_RISCV_64:
                context.WriteUInt64(context.Absolute);
                return;
            case RelocationType.R_RISCV_32:
                context.CheckSignedOrUnsigned((long)context.Absolute, 32);
                context.WriteUInt32((uint)context.Absolute);
                return;
            case RelocationType.R_RISCV_32_PCREL:
                context.CheckSigned(context.PcRelative, 32);
                context.WriteUInt32((uint)context.PcRelative);
                return;
            case RelocationType.R_RISCV_BRANCH:
                PatchBranch(context, immBits: 13, encode: EncodeB, mask: 0xfe000f80u);
                return;
            case RelocationType.R_RISCV_JAL:
                PatchBranch(context, immBits: 21, encode: EncodeJ, mask: 0xfffff000u);
                return;
            case RelocationType.R_RISCV_RVC_BRANCH:
                PatchBranch(context, immBits: 9, encode: EncodeCB, mask: 0x1c7cu);
                return;
            case RelocationType.R_RISCV_RVC_JUMP:
                PatchBranch(context, immBits: 12, encode: EncodeCJ, mask: 0x1ffcu);
                return;
            case RelocationType.R_RISCV_CALL:
            case RelocationType.R_RISCV_CALL_PLT:
                CheckHi20(context, context.PcRelative);
                Patch(context, 0xfffff000u, EncodeU(Hi20(context.PcRelative)));
                Patch(context, 0xfff00000u, EncodeI(Lo12(context.PcRelative)), delta: 4);
                return;
            case RelocationType.R_RISCV_PCREL_HI20:
                CheckHi20(context, context.PcRelative);
                Patch(context, 0xfffff000u, EncodeU(Hi20(context.PcRelative)));
                return;
            case RelocationType.R_RISCV_PCREL_LO12_I:
                Patch(context, 0xfff00000u, EncodeI(Lo12(PairedPcrelHi(context))));
                return;
            case RelocationType.R_RISCV_PCREL_LO12_S:
                Patch(context, 0xfe000f80u, EncodeS(Lo12(PairedPcrelHi(context))));
                return;
            case RelocationType.R_RISCV_HI20:
                CheckHi20(context, (long)context.Absolute);
                Patch(context, 0xfffff000u, EncodeU(Hi20((long)context.Absolute)));
                return;
            case RelocationType.R_RISCV_LO12_I:
                Patch(context, 0xfff00000u, EncodeI(Lo12((long)context.Absolute)));
                return;
            case RelocationType.R_RISCV_LO12_S:
                Patch(context, 0xfe000f80u, EncodeS(Lo12((long)context.Absolute)));
                return;
            case RelocationType.R_RISCV_ADD8:
                context.WriteByte((byte)(context.ReadByte() + context.Absolute));
                return;
            case RelocationType.R_RISCV_ADD16:
                context.WriteUInt16((ushort)(context.ReadUInt16() + context.Absolute));
                return;
            case RelocationType.R_RISCV_ADD32:
                context.WriteUInt32((uint)(context.ReadUInt32() + context.Absolute));
                return;
            case RelocationType.R_RISCV_ADD64:
                context.WriteUInt64(context.ReadUInt64() + context.Absolute);
                return;
            case RelocationType.R_RISCV_SUB6:
                context.WriteByte((byte)((context.ReadByte() & 0xc0u) | (uint)((context.ReadByte() - context.Absolute) & 0x3f)));
                return;
            case RelocationType.R_RISCV_SUB8:
                context.WriteByte((byte)(context.ReadByte() - context.Absolute));
                return;
            case RelocationType.R_RISCV_SUB16:
                context.WriteUInt16((ushort)(context.ReadUInt16() - context.Absolute));
                return;
            case RelocationType.R_RISCV_SUB32:
                context.WriteUInt32((uint)(context.ReadUInt32() - context.Absolute));
                return;
            case RelocationType.R_RISCV_SUB64:
                context.WriteUInt64(context.ReadUInt64() - context.Absolute);
                return;
            case RelocationType.R_RISCV_SET6:
                context.WriteByte((byte)((context.ReadByte() & 0xc0u) | (uint)(context.Absolute & 0x3f)));
                return;
            case RelocationType.R_RISCV_SET8:
                context.WriteByte((byte)context.Absolute);
                return;
            case RelocationType.R_RISCV_SET16:
                context.WriteUInt16((ushort)context.Absolute);
                return;
            case RelocationType.R_RISCV_SET32:
                context.WriteUInt32((uint)context.Absolute);
                return;
            case RelocationType.R_RISCV_ALIGN:
                CheckAlign(context);
                return;
            default:
                throw context.Unsupported();
        }
    }

    // Instruction field encoders (RISC-V unprivileged ISA, "Base Instruction Formats" and "RVC").

    private static void Patch(in RelocationContext context, uint mask, uint bits, int delta = 0)
    {
        // An RVC instruction is one 16-bit parcel and may end the section: read no more than it.
        if (mask <= 0xffff)
        {
            context.WriteUInt16((ushort)((context.ReadUInt16(delta) & ~mask) | (bits & mask)), delta);
            return;
        }
        context.WriteUInt32((context.ReadUInt32(delta) & ~mask) | (bits & mask), delta);
    }

    /// <summary>B, J, CB and CJ formats: an even offset of immBits bits, scattered by <paramref name="encode"/>.</summary>
    private static void PatchBranch(in RelocationContext context, int immBits, Func<long, uint> encode, uint mask)
    {
        var offset = context.PcRelative;
        context.CheckSigned(offset, immBits);
        context.CheckAlignment(offset, 2);
        Patch(context, mask, encode(offset));
    }

    /// <summary>
    /// The value of the PCREL_HI20 (S+A-P at the AUIPC) that a %pcrel_lo's symbol labels: the low half
    /// must complete the AUIPC's address, not its own.
    /// </summary>
    private static long PairedPcrelHi(in RelocationContext context)
    {
        foreach (var candidate in context.SectionRelocations)
        {
            if (candidate.Place == context.S && candidate.Type == (uint)RelocationType.R_RISCV_PCREL_HI20)
            {
                return unchecked((long)(candidate.SymbolValue + (ulong)candidate.Addend - candidate.Place));
            }
        }
        throw context.Invalid($"no R_RISCV_PCREL_HI20 at 0x{context.S:x}, the AUIPC this %pcrel_lo refers to");
    }

    /// <summary>
    /// The assembler padded with A bytes of NOPs for a linker that would delete some; we delete none,
    /// so the next instruction (at P+A) is aligned only if it already was.
    /// </summary>
    private static void CheckAlign(in RelocationContext context)
    {
        var alignment = BitOperations.RoundUpToPowerOf2((ulong)context.A + 2);
        if ((context.P + (ulong)context.A) % alignment != 0)
        {
            throw context.Misaligned(
                $"the {context.A} bytes of NOP padding leave 0x{context.P + (ulong)context.A:x} off its {alignment}-byte boundary; only linker relaxation could fix it (assemble with -mno-relax)");
        }
    }

    /// <summary>AUIPC/LUI+ADDI reach S+A-P only if the rounded upper part fits 20 signed bits.</summary>
    private static void CheckHi20(in RelocationContext context, long value) => context.CheckSigned(value + 0x800, 32);

    private static long Hi20(long value) => (value + 0x800) >> 12;

    private static long Lo12(long value) => value - (Hi20(value) << 12);

    private static uint EncodeU(long hi20) => (uint)hi20 << 12;

    private static uint EncodeI(long lo12) => (uint)lo12 << 20;

    private static uint EncodeS(long lo12) => ((uint)(lo12 >> 5) & 0x7f) << 25 | ((uint)lo12 & 0x1f) << 7;

    private static uint EncodeB(long offset)
    {
        var v = (uint)offset;
        return (v >> 12 & 1) << 31 | (v >> 5 & 0x3f) << 25 | (v >> 1 & 0xf) << 8 | (v >> 11 & 1) << 7;
    }

    private static uint EncodeJ(long offset)
    {
        var v = (uint)offset;
        return (v >> 20 & 1) << 31 | (v >> 1 & 0x3ff) << 21 | (v >> 11 & 1) << 20 | (v >> 12 & 0xff) << 12;
    }

    private static uint EncodeCB(long offset)
    {
        var v = (uint)offset;
        return (v >> 8 & 1) << 12 | (v >> 3 & 3) << 10 | (v >> 6 & 3) << 5 | (v >> 1 & 3) << 3 | (v >> 5 & 1) << 2;
    }

    private static uint EncodeCJ(long offset)
    {
        var v = (uint)offset;
        return (v >> 11 & 1) << 12 | (v >> 4 & 1) << 11 | (v >> 8 & 3) << 9 | (v >> 10 & 1) << 8
            | (v >> 6 & 1) << 7 | (v >> 7 & 1) << 6 | (v >> 1 & 7) << 3 | (v >> 5 & 1) << 2;
    }

    /// <summary>r_type values from the RISC-V psABI; the names double as the diagnostic text.</summary>
    private enum RelocationType : uint
    {
        R_RISCV_NONE = 0,
        R_RISCV_32 = 1,
        R_RISCV_64 = 2,
        R_RISCV_RELATIVE = 3,
        R_RISCV_COPY = 4,
        R_RISCV_JUMP_SLOT = 5,
        R_RISCV_TLS_DTPMOD32 = 6,
        R_RISCV_TLS_DTPMOD64 = 7,
        R_RISCV_TLS_DTPREL32 = 8,
        R_RISCV_TLS_DTPREL64 = 9,
        R_RISCV_TLS_TPREL32 = 10,
        R_RISCV_TLS_TPREL64 = 11,
        R_RISCV_TLSDESC = 12,
        R_RISCV_BRANCH = 16,
        R_RISCV_JAL = 17,
        R_RISCV_CALL = 18,
        R_RISCV_CALL_PLT = 19,
        R_RISCV_GOT_HI20 = 20,
        R_RISCV_TLS_GOT_HI20 = 21,
        R_RISCV_TLS_GD_HI20 = 22,
        R_RISCV_PCREL_HI20 = 23,
        R_RISCV_PCREL_LO12_I = 24,
        R_RISCV_PCREL_LO12_S = 25,
        R_RISCV_HI20 = 26,
        R_RISCV_LO12_I = 27,
        R_RISCV_LO12_S = 28,
        R_RISCV_TPREL_HI20 = 29,
        R_RISCV_TPREL_LO12_I = 30,
        R_RISCV_TPREL_LO12_S = 31,
        R_RISCV_TPREL_ADD = 32,
        R_RISCV_ADD8 = 33,
        R_RISCV_ADD16 = 34,
        R_RISCV_ADD32 = 35,
        R_RISCV_ADD64 = 36,
        R_RISCV_SUB8 = 37,
        R_RISCV_SUB16 = 38,
        R_RISCV_SUB32 = 39,
        R_RISCV_SUB64 = 40,
        R_RISCV_GOT32_PCREL = 41,
        R_RISCV_ALIGN = 43,
        R_RISCV_RVC_BRANCH = 44,
        R_RISCV_RVC_JUMP = 45,
        R_RISCV_RELAX = 51,
        R_RISCV_SUB6 = 52,
        R_RISCV_SET6 = 53,
        R_RISCV_SET8 = 54,
        R_RISCV_SET16 = 55,
        R_RISCV_SET32 = 56,
        R_RISCV_32_PCREL = 57,
        R_RISCV_IRELATIVE = 58,
        R_RISCV_PLT32 = 59,
        R_RISCV_SET_ULEB128 = 60,
        R_RISCV_SUB_ULEB128 = 61,
        R_RISCV_TLSDESC_HI20 = 62,
        R_RISCV_TLSDESC_LOAD_LO12 = 63,
        R_RISCV_TLSDESC_ADD_LO12 = 64,
        R_RISCV_TLSDESC_CALL = 65,
    }
}

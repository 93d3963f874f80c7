using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;

namespace Tpsim.Arch.Mips64;

/// <summary>
/// MIPS64 relocations (SYSV MIPS psABI and its 64-bit ELF supplement) as a module loader applies them to
/// an object built with -mno-abicalls -fno-pic (see <see cref="Toolchain"/>). Objects are big-endian ELF64
/// with SHT_RELA tables. An n64 relocation record packs up to three types into r_info: r_sym (32 bits),
/// then r_ssym, r_type3, r_type2 and r_type (8 bits each); read as one big-endian word the loader sees
/// <c>r_ssym &lt;&lt; 24 | r_type3 &lt;&lt; 16 | r_type2 &lt;&lt; 8 | r_type</c> as the type. Non-PIC code
/// only ever carries a single type (r_type2 = r_type3 = R_MIPS_NONE, r_ssym = RSS_UNDEF); a composed
/// record (PIC's R_MIPS_GPREL16/R_MIPS_SUB/R_MIPS_HI16 for %hi(%neg(%gp_rel(f)))) is refused with all
/// three names, as is every GOT, GP-relative and TLS type: -fno-pic code has neither a GOT nor $gp.
/// <para>
/// With RELA every part of a %highest/%higher/%hi/%lo sequence has its own addend, so each is applied on
/// its own: HIGHEST (S + A + 0x800080008000) &gt;&gt; 48, HIGHER (S + A + 0x80008000) &gt;&gt; 32, HI16
/// (S + A + 0x8000) &gt;&gt; 16 and LO16 S + A, each into the low 16 bits of its instruction, the carries
/// making up for the sign extension of the daddiu/ld that adds the next part. R_MIPS_26 (jal, j) keeps
/// the upper four bits of the delay slot's address, so the target must lie in the same 256 MB region;
/// R_MIPS_PC16 counts words from the delay slot (the assembler's addend of -4 does that). R_MIPS_JALR
/// only tells a linker that the jalr at the place calls the symbol; the loader leaves the jalr alone.
/// </para>
/// </summary>
public sealed class Relocations : IRelocator
{
    public ushort Machine => 8;

    public string MachineName => "EM_MIPS";

    public ByteOrder ByteOrder => ByteOrder.BigEndian;

    /// <summary>The name of a packed n64 type: the primary type alone, or all three when the record composes them.</summary>
    public string TypeName(uint type)
    {
        var (first, second, third, ssym) = Unpack(type);
        if (second == 0 && third == 0 && ssym == 0)
        {
            return Name(first);
        }
        var name = $"{Name(first)}/{Name(second)}/{Name(third)}";
        return ssym == 0 ? name : $"{name} (r_ssym {ssym})";
    }

    public void Apply(in RelocationContext context)
    {
        var (first, second, third, ssym) = Unpack(context.Type);
        if (second != 0 || third != 0 || ssym != 0)
        {
            throw context.Unsupported();
        }
        switch ((RelocationType)first)
        {
            case RelocationType.R_MIPS_NONE:
            case RelocationType.R_MIPS_JALR:
                return;
            case RelocationType.R_MIPS_16:
                context.CheckSignedOrUnsigned((long)context.Absolute, 16);
                context.WriteUInt16((ushort)context.Absolute);
                return;
            case RelocationType.R_MIPS_32:
                context.CheckSignedOrUnsigned((long)context.Absolute, 32);
                context.WriteUInt32((uint)context.Absolute);
                return;
            case RelocationType.R_MIPS_64:
                context.WriteUInt64(context.Absolute);
                return;
            case RelocationType.R_MIPS_PC32:
                context.CheckSigned(context.PcRelative, 32);
                context.WriteUInt32((uint)context.PcRelative);
                return;
            case RelocationType.R_MIPS_26:
                ApplyJump(context);
                return;
            case RelocationType.R_MIPS_PC16:
                var displacement = context.PcRelative;
                context.CheckAlignment(displacement, 4);
                context.CheckSigned(displacement >> 2, 16);
                context.PatchBits(4, 0xffff, (ulong)(displacement >> 2));
                return;
            case RelocationType.R_MIPS_HI16:
                context.PatchBits(4, 0xffff, unchecked(context.Absolute + 0x8000) >> 16);
                return;
            case RelocationType.R_MIPS_LO16:
                context.PatchBits(4, 0xffff, context.Absolute);
                return;
            case RelocationType.R_MIPS_HIGHER:
                context.PatchBits(4, 0xffff, unchecked(context.Absolute + 0x8000_8000) >> 32);
                return;
            case RelocationType.R_MIPS_HIGHEST:
                context.PatchBits(4, 0xffff, unchecked(context.Absolute + 0x8000_8000_8000) >> 48);
                return;
            default:
                throw context.Unsupported();
        }
    }

    /// <summary>jal/j: the word index of S + A within the 256 MB region of the delay slot (P + 4).</summary>
    private static void ApplyJump(in RelocationContext context)
    {
        var target = context.Absolute;
        context.CheckAlignment(unchecked((long)target), 4);
        var region = unchecked(context.P + 4) & ~0x0fff_ffffUL;
        // Below the region the difference wraps to a huge value, so one unsigned check covers both sides.
        context.CheckUnsigned(unchecked(target - region), 28);
        context.PatchBits(4, 0x03ff_ffff, target >> 2);
    }

    private static (uint First, uint Second, uint Third, uint Ssym) Unpack(uint type) =>
        (type & 0xff, type >> 8 & 0xff, type >> 16 & 0xff, type >> 24);

    private static string Name(uint type) =>
        Enum.IsDefined((RelocationType)type) ? ((RelocationType)type).ToString() : $"type {type}";

    /// <summary>r_type values of the MIPS psABI; the names double as the diagnostic text.</summary>
    private enum RelocationType : uint
    {
        R_MIPS_NONE = 0,
        R_MIPS_16 = 1,
        R_MIPS_32 = 2,
        R_MIPS_REL32 = 3,
        R_MIPS_26 = 4,
        R_MIPS_HI16 = 5,
        R_MIPS_LO16 = 6,
        R_MIPS_GPREL16 = 7,
        R_MIPS_LITERAL = 8,
        R_MIPS_GOT16 = 9,
        R_MIPS_PC16 = 10,
        R_MIPS_CALL16 = 11,
        R_MIPS_GPREL32 = 12,
        R_MIPS_SHIFT5 = 16,
        R_MIPS_SHIFT6 = 17,
        R_MIPS_64 = 18,
        R_MIPS_GOT_DISP = 19,
        R_MIPS_GOT_PAGE = 20,
        R_MIPS_GOT_OFST = 21,
        R_MIPS_GOT_HI16 = 22,
        R_MIPS_GOT_LO16 = 23,
        R_MIPS_SUB = 24,
        R_MIPS_INSERT_A = 25,
        R_MIPS_INSERT_B = 26,
        R_MIPS_DELETE = 27,
        R_MIPS_HIGHER = 28,
        R_MIPS_HIGHEST = 29,
        R_MIPS_CALL_HI16 = 30,
        R_MIPS_CALL_LO16 = 31,
        R_MIPS_SCN_DISP = 32,
        R_MIPS_REL16 = 33,
        R_MIPS_ADD_IMMEDIATE = 34,
        R_MIPS_PJUMP = 35,
        R_MIPS_RELGOT = 36,
        R_MIPS_JALR = 37,
        R_MIPS_TLS_DTPMOD32 = 38,
        R_MIPS_TLS_DTPREL32 = 39,
        R_MIPS_TLS_DTPMOD64 = 40,
        R_MIPS_TLS_DTPREL64 = 41,
        R_MIPS_TLS_GD = 42,
        R_MIPS_TLS_LDM = 43,
        R_MIPS_TLS_DTPREL_HI16 = 44,
        R_MIPS_TLS_DTPREL_LO16 = 45,
        R_MIPS_TLS_GOTTPREL = 46,
        R_MIPS_TLS_TPREL32 = 47,
        R_MIPS_TLS_TPREL64 = 48,
        R_MIPS_TLS_TPREL_HI16 = 49,
        R_MIPS_TLS_TPREL_LO16 = 50,
        R_MIPS_GLOB_DAT = 51,
        R_MIPS_PC21_S2 = 60,
        R_MIPS_PC26_S2 = 61,
        R_MIPS_PC18_S3 = 62,
        R_MIPS_PC19_S2 = 63,
        R_MIPS_PCHI16 = 64,
        R_MIPS_PCLO16 = 65,
        R_MIPS_COPY = 126,
        R_MIPS_JUMP_SLOT = 127,
        R_MIPS_PC32 = 248,
        R_MIPS_EH = 249,
    }
}

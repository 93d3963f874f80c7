using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;

namespace Tpsim.Arch.S390x;

/// <summary>
/// s390x relocations (zSeries ELF ABI Supplement, "Relocation Types") as a module loader applies them
/// to an object built with -fno-pic (see <see cref="Toolchain"/>). Objects are big-endian ELF64 with
/// SHT_RELA tables, so every field is read and written most significant byte first. The *DBL types
/// count halfwords: S + A - P must be even and fits the field after a shift right by one. There is no
/// PLT: PLT16DBL, PLT32DBL, PLT32 and PLT64 go straight to the symbol (all code is within reach), where
/// the kernel would detour a far PLT16DBL/PLT32DBL through a PLT slot it builds. Direct fields take an
/// unsigned value (R_390_20, a long displacement, a signed one); PC-relative ones a signed value.
/// The kernel's own objects are -fPIE and load some addresses from a GOT (R_390_GOTENT): the loader gives each object
/// a GOT of its own, one entry per such symbol, as the linker does for vmlinux. The GOT-offset types (GOT12..GOT64,
/// which need a GOT base register), GOT-relative (GOTOFF, GOTPC), TLS and dynamic types are refused by name.
/// </summary>
public sealed class Relocations : IRelocator
{
    public ushort Machine => 22;

    public string MachineName => "EM_S390";

    public ByteOrder ByteOrder => ByteOrder.BigEndian;

    public bool NeedsGotEntry(uint type) => (RelocationType)type is RelocationType.R_390_GOTENT;

    public string TypeName(uint type) =>
        Enum.IsDefined((RelocationType)type) ? ((RelocationType)type).ToString() : $"type {type}";

    public void Apply(in RelocationContext context)
    {
        switch ((RelocationType)context.Type)
        {
            case RelocationType.R_390_NONE:
                return;
            case RelocationType.R_390_8:
                context.CheckUnsigned(context.Absolute, 8);
                context.WriteByte((byte)context.Absolute);
                return;
            case RelocationType.R_390_12:
                // A base-displacement field: the low 12 bits of the halfword that starts with the base register.
                context.CheckUnsigned(context.Absolute, 12);
                context.PatchBits(2, 0x0fff, context.Absolute);
                return;
            case RelocationType.R_390_16:
                context.CheckUnsigned(context.Absolute, 16);
                context.WriteUInt16((ushort)context.Absolute);
                return;
            case RelocationType.R_390_20:
                // A long displacement: DL (low 12 bits) then DH (high 8 bits) in the word after the opcode byte and registers.
                context.CheckSigned((long)context.Absolute, 20);
                context.PatchBits(4, 0x0fff_ff00, EncodeLongDisplacement((long)context.Absolute));
                return;
            case RelocationType.R_390_32:
                context.CheckUnsigned(context.Absolute, 32);
                context.WriteUInt32((uint)context.Absolute);
                return;
            case RelocationType.R_390_64:
                context.WriteUInt64(context.Absolute);
                return;
            case RelocationType.R_390_PC16:
                context.CheckSigned(context.PcRelative, 16);
                context.WriteUInt16((ushort)context.PcRelative);
                return;
            case RelocationType.R_390_PC32:
            case RelocationType.R_390_PLT32:
                context.CheckSigned(context.PcRelative, 32);
                context.WriteUInt32((uint)context.PcRelative);
                return;
            case RelocationType.R_390_PC64:
            case RelocationType.R_390_PLT64:
                context.WriteUInt64((ulong)context.PcRelative);
                return;
            case RelocationType.R_390_PC16DBL:
            case RelocationType.R_390_PLT16DBL:
                context.WriteUInt16((ushort)Halfwords(context, 16));
                return;
            case RelocationType.R_390_PC32DBL:
            case RelocationType.R_390_PLT32DBL:
                context.WriteUInt32((uint)Halfwords(context, 32));
                return;
            case RelocationType.R_390_GOTENT:
                // The kernel's -fPIE code loads a symbol's address from its GOT entry: (G + GOT + A - P) / 2.
                context.WriteUInt32((uint)Halfwords(context, 32, GotEntry(context)));
                return;
            default:
                throw context.Unsupported();
        }
    }

    /// <summary>(S + A - P) / 2, refused unless it is even and the halfword count fits a signed field of <paramref name="bits"/>.</summary>
    private static long Halfwords(in RelocationContext context, int bits) => Halfwords(context, bits, context.S);

    /// <summary>(<paramref name="target"/> + A - P) / 2, checked even and within <paramref name="bits"/> signed bits.</summary>
    private static long Halfwords(in RelocationContext context, int bits, ulong target)
    {
        var displacement = unchecked((long)(target + (ulong)context.A - context.P));
        context.CheckAlignment(displacement, 2);
        var halfwords = displacement >> 1;
        context.CheckSigned(halfwords, bits);
        return halfwords;
    }

    /// <summary>G + GOT: the address of the symbol's GOT entry, which the loader made (IRelocator.NeedsGotEntry).</summary>
    private static ulong GotEntry(in RelocationContext context) =>
        context.GotEntry ?? throw context.Unsupported();

    /// <summary>DL in bits 16-27 and DH in bits 8-15 of the 32-bit field, as RXY/RSY instructions hold a 20-bit displacement.</summary>
    private static ulong EncodeLongDisplacement(long value)
    {
        var v = (ulong)value & 0xf_ffff;
        return ((v & 0xfff) << 16) | ((v >> 12 & 0xff) << 8);
    }

    /// <summary>r_type values of the zSeries ELF ABI; the names double as the diagnostic text.</summary>
    private enum RelocationType : uint
    {
        R_390_NONE = 0,
        R_390_8 = 1,
        R_390_12 = 2,
        R_390_16 = 3,
        R_390_32 = 4,
        R_390_PC32 = 5,
        R_390_GOT12 = 6,
        R_390_GOT32 = 7,
        R_390_PLT32 = 8,
        R_390_COPY = 9,
        R_390_GLOB_DAT = 10,
        R_390_JMP_SLOT = 11,
        R_390_RELATIVE = 12,
        R_390_GOTOFF32 = 13,
        R_390_GOTPC = 14,
        R_390_GOT16 = 15,
        R_390_PC16 = 16,
        R_390_PC16DBL = 17,
        R_390_PLT16DBL = 18,
        R_390_PC32DBL = 19,
        R_390_PLT32DBL = 20,
        R_390_GOTPCDBL = 21,
        R_390_64 = 22,
        R_390_PC64 = 23,
        R_390_GOT64 = 24,
        R_390_PLT64 = 25,
        R_390_GOTENT = 26,
        R_390_GOTOFF16 = 27,
        R_390_GOTOFF64 = 28,
        R_390_GOTPLT12 = 29,
        R_390_GOTPLT16 = 30,
        R_390_GOTPLT32 = 31,
        R_390_GOTPLT64 = 32,
        R_390_GOTPLTENT = 33,
        R_390_PLTOFF16 = 34,
        R_390_PLTOFF32 = 35,
        R_390_PLTOFF64 = 36,
        R_390_TLS_LOAD = 37,
        R_390_TLS_GDCALL = 38,
        R_390_TLS_LDCALL = 39,
        R_390_TLS_GD32 = 40,
        R_390_TLS_GD64 = 41,
        R_390_TLS_GOTIE12 = 42,
        R_390_TLS_GOTIE32 = 43,
        R_390_TLS_GOTIE64 = 44,
        R_390_TLS_LDM32 = 45,
        R_390_TLS_LDM64 = 46,
        R_390_TLS_IE32 = 47,
        R_390_TLS_IE64 = 48,
        R_390_TLS_IEENT = 49,
        R_390_TLS_LE32 = 50,
        R_390_TLS_LE64 = 51,
        R_390_TLS_LDO32 = 52,
        R_390_TLS_LDO64 = 53,
        R_390_TLS_DTPMOD = 54,
        R_390_TLS_DTPOFF = 55,
        R_390_TLS_TPOFF = 56,
        R_390_20 = 57,
        R_390_GOT20 = 58,
        R_390_GOTPLT20 = 59,
        R_390_TLS_GOTIE20 = 60,
        R_390_IRELATIVE = 61,
        R_390_PC12DBL = 62,
        R_390_PLT12DBL = 63,
        R_390_PC24DBL = 64,
        R_390_PLT24DBL = 65,
    }
}

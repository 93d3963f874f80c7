using Tpsim.Emulator.Loading;

namespace Tpsim.Arch.X86_64;

/// <summary>
/// x86_64 relocations (System V psABI, table "Relocation Types") as arch/x86/kernel/module.c applies
/// them to a module built with -mcmodel=kernel -fno-pic. There is no PLT: PLT32 is a direct PC32.
/// </summary>
public sealed class Relocations : IRelocator
{
    public ushort Machine => 62;

    public string MachineName => "EM_X86_64";

    public string TypeName(uint type) =>
        Enum.IsDefined((RelocationType)type) ? ((RelocationType)type).ToString() : $"type {type}";

    public void Apply(in RelocationContext context)
    {
        switch ((RelocationType)context.Type)
        {
            case RelocationType.R_X86_64_NONE:
                return;
            case RelocationType.R_X86_64_64:
                context.WriteUInt64(context.Absolute);
                return;
            case RelocationType.R_X86_64_PC32:
            case RelocationType.R_X86_64_PLT32:
                context.CheckSigned(context.PcRelative, 32);
                context.WriteUInt32((uint)context.PcRelative);
                return;
            case RelocationType.R_X86_64_32:
                context.CheckUnsigned(context.Absolute, 32);
                context.WriteUInt32((uint)context.Absolute);
                return;
            case RelocationType.R_X86_64_32S:
                context.CheckSigned((long)context.Absolute, 32);
                context.WriteUInt32((uint)context.Absolute);
                return;
            case RelocationType.R_X86_64_16:
                context.CheckSignedOrUnsigned((long)context.Absolute, 16);
                context.WriteUInt16((ushort)context.Absolute);
                return;
            case RelocationType.R_X86_64_PC16:
                context.CheckSigned(context.PcRelative, 16);
                context.WriteUInt16((ushort)context.PcRelative);
                return;
            case RelocationType.R_X86_64_8:
                context.CheckSignedOrUnsigned((long)context.Absolute, 8);
                context.WriteByte((byte)context.Absolute);
                return;
            case RelocationType.R_X86_64_PC8:
                context.CheckSigned(context.PcRelative, 8);
                context.WriteByte((byte)context.PcRelative);
                return;
            case RelocationType.R_X86_64_PC64:
                context.WriteUInt64((ulong)context.PcRelative);
                return;
            default:
                throw context.Unsupported();
        }
    }

    /// <summary>r_type values from the psABI; the names double as the diagnostic text.</summary>
    private enum RelocationType : uint
    {
        R_X86_64_NONE = 0,
        R_X86_64_64 = 1,
        R_X86_64_PC32 = 2,
        R_X86_64_GOT32 = 3,
        R_X86_64_PLT32 = 4,
        R_X86_64_COPY = 5,
        R_X86_64_GLOB_DAT = 6,
        R_X86_64_JUMP_SLOT = 7,
        R_X86_64_RELATIVE = 8,
        R_X86_64_GOTPCREL = 9,
        R_X86_64_32 = 10,
        R_X86_64_32S = 11,
        R_X86_64_16 = 12,
        R_X86_64_PC16 = 13,
        R_X86_64_8 = 14,
        R_X86_64_PC8 = 15,
        R_X86_64_DTPMOD64 = 16,
        R_X86_64_DTPOFF64 = 17,
        R_X86_64_TPOFF64 = 18,
        R_X86_64_TLSGD = 19,
        R_X86_64_TLSLD = 20,
        R_X86_64_DTPOFF32 = 21,
        R_X86_64_GOTTPOFF = 22,
        R_X86_64_TPOFF32 = 23,
        R_X86_64_PC64 = 24,
        R_X86_64_GOTOFF64 = 25,
        R_X86_64_GOTPC32 = 26,
        R_X86_64_GOT64 = 27,
        R_X86_64_GOTPCREL64 = 28,
        R_X86_64_GOTPC64 = 29,
        R_X86_64_GOTPLT64 = 30,
        R_X86_64_PLTOFF64 = 31,
        R_X86_64_SIZE32 = 32,
        R_X86_64_SIZE64 = 33,
        R_X86_64_GOTPC32_TLSDESC = 34,
        R_X86_64_TLSDESC_CALL = 35,
        R_X86_64_TLSDESC = 36,
        R_X86_64_IRELATIVE = 37,
        R_X86_64_RELATIVE64 = 38,
        R_X86_64_GOTPCRELX = 41,
        R_X86_64_REX_GOTPCRELX = 42,
    }
}

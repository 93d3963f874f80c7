using Tpsim.Emulator.Loading;

namespace Tpsim.Arch.I386;

/// <summary>
/// i386 relocations (System V i386 psABI, "Relocation Types", plus the 16- and 8-bit GNU types) as
/// arch/x86/kernel/module.c's <c>apply_relocate</c> applies them to a 32-bit module built with -fno-pic.
/// Objects are ELF32 with SHT_REL tables: the addend is the field's own content. There is no PLT, so
/// PLT32 is a direct PC32. Every address fits 32 bits, so a PC-relative field holds S + A - P modulo
/// 2^32 (the CPU's eip arithmetic wraps too); what must fit is the target S + A itself. GOT, TLS and
/// dynamic types are refused by name: no kernel module loader provides them.
/// </summary>
public sealed class Relocations : IRelocator
{
    public ushort Machine => 3;

    public string MachineName => "EM_386";

    public int ElfClass => 32;

    public bool ReadsImplicitAddends => true;

    public string TypeName(uint type) =>
        Enum.IsDefined((RelocationType)type) ? ((RelocationType)type).ToString() : $"type {type}";

    public long ImplicitAddend(in RelocationContext context) => (RelocationType)context.Type switch
    {
        RelocationType.R_386_NONE => 0,
        RelocationType.R_386_32 or RelocationType.R_386_PC32 or RelocationType.R_386_PLT32 => (int)context.ReadUInt32(),
        RelocationType.R_386_16 or RelocationType.R_386_PC16 => (short)context.ReadUInt16(),
        RelocationType.R_386_8 or RelocationType.R_386_PC8 => (sbyte)context.ReadByte(),
        _ => throw context.Unsupported(),
    };

    public void Apply(in RelocationContext context)
    {
        switch ((RelocationType)context.Type)
        {
            case RelocationType.R_386_NONE:
                return;
            case RelocationType.R_386_32:
                context.CheckSignedOrUnsigned((long)context.Absolute, 32);
                context.WriteUInt32((uint)context.Absolute);
                return;
            case RelocationType.R_386_PC32:
            case RelocationType.R_386_PLT32:
                context.CheckSignedOrUnsigned((long)context.Absolute, 32);
                context.WriteUInt32((uint)context.PcRelative);
                return;
            case RelocationType.R_386_16:
                context.CheckSignedOrUnsigned((long)context.Absolute, 16);
                context.WriteUInt16((ushort)context.Absolute);
                return;
            case RelocationType.R_386_PC16:
                context.CheckSigned(context.PcRelative, 16);
                context.WriteUInt16((ushort)context.PcRelative);
                return;
            case RelocationType.R_386_8:
                context.CheckSignedOrUnsigned((long)context.Absolute, 8);
                context.WriteByte((byte)context.Absolute);
                return;
            case RelocationType.R_386_PC8:
                context.CheckSigned(context.PcRelative, 8);
                context.WriteByte((byte)context.PcRelative);
                return;
            default:
                throw context.Unsupported();
        }
    }

    /// <summary>r_type values from the psABI (16/PC16/8/PC8 are GNU's); the names double as the diagnostic text.</summary>
    private enum RelocationType : uint
    {
        R_386_NONE = 0,
        R_386_32 = 1,
        R_386_PC32 = 2,
        R_386_GOT32 = 3,
        R_386_PLT32 = 4,
        R_386_COPY = 5,
        R_386_GLOB_DAT = 6,
        R_386_JUMP_SLOT = 7,
        R_386_RELATIVE = 8,
        R_386_GOTOFF = 9,
        R_386_GOTPC = 10,
        R_386_32PLT = 11,
        R_386_TLS_TPOFF = 14,
        R_386_TLS_IE = 15,
        R_386_TLS_GOTIE = 16,
        R_386_TLS_LE = 17,
        R_386_TLS_GD = 18,
        R_386_TLS_LDM = 19,
        R_386_16 = 20,
        R_386_PC16 = 21,
        R_386_8 = 22,
        R_386_PC8 = 23,
        R_386_TLS_GD_32 = 24,
        R_386_TLS_GD_PUSH = 25,
        R_386_TLS_GD_CALL = 26,
        R_386_TLS_GD_POP = 27,
        R_386_TLS_LDM_32 = 28,
        R_386_TLS_LDM_PUSH = 29,
        R_386_TLS_LDM_CALL = 30,
        R_386_TLS_LDM_POP = 31,
        R_386_TLS_LDO_32 = 32,
        R_386_TLS_IE_32 = 33,
        R_386_TLS_LE_32 = 34,
        R_386_TLS_DTPMOD32 = 35,
        R_386_TLS_DTPOFF32 = 36,
        R_386_TLS_TPOFF32 = 37,
        R_386_SIZE32 = 38,
        R_386_TLS_GOTDESC = 39,
        R_386_TLS_DESC_CALL = 40,
        R_386_TLS_DESC = 41,
        R_386_IRELATIVE = 42,
        R_386_GOT32X = 43,
    }
}

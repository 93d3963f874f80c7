namespace Tpsim.Emulator.Unicorn;

/// <summary>CPU architecture selector of <c>uc_open</c> (unicorn.h <c>uc_arch</c>).</summary>
public enum UcArch
{
    Arm = 1,
    Arm64 = 2,
    Mips = 3,
    X86 = 4,
    Ppc = 5,
    Sparc = 6,
    M68k = 7,
    Riscv = 8,
    S390x = 9,
    Tricore = 10,
}

/// <summary>Mode bits of <c>uc_open</c> (unicorn.h <c>uc_mode</c>); values overlap across architectures by design.</summary>
[Flags]
public enum UcMode
{
    LittleEndian = 0,
    Arm = 0,
    Thumb = 1 << 4,
    Mode16 = 1 << 1,
    Mode32 = 1 << 2,
    Mode64 = 1 << 3,
    Riscv32 = 1 << 2,
    Riscv64 = 1 << 3,
    BigEndian = 1 << 30,
}

/// <summary>Error codes returned by every Unicorn API (unicorn.h <c>uc_err</c>).</summary>
public enum UcError
{
    Ok = 0,
    NoMem,
    Arch,
    Handle,
    Mode,
    Version,
    ReadUnmapped,
    WriteUnmapped,
    FetchUnmapped,
    Hook,
    InsnInvalid,
    Map,
    WriteProt,
    ReadProt,
    FetchProt,
    Arg,
    ReadUnaligned,
    WriteUnaligned,
    FetchUnaligned,
    HookExist,
    Resource,
    Exception,
}

/// <summary>Hook kinds for <c>uc_hook_add</c> (unicorn.h <c>uc_hook_type</c>).</summary>
[Flags]
public enum UcHookType
{
    Interrupt = 1 << 0,
    Instruction = 1 << 1,
    Code = 1 << 2,
    Block = 1 << 3,
    MemReadUnmapped = 1 << 4,
    MemWriteUnmapped = 1 << 5,
    MemFetchUnmapped = 1 << 6,
    MemReadProt = 1 << 7,
    MemWriteProt = 1 << 8,
    MemFetchProt = 1 << 9,
    MemRead = 1 << 10,
    MemWrite = 1 << 11,
    MemFetch = 1 << 12,
    MemReadAfter = 1 << 13,
    InsnInvalid = 1 << 14,
    MemUnmapped = MemReadUnmapped | MemWriteUnmapped | MemFetchUnmapped,
    MemProt = MemReadProt | MemWriteProt | MemFetchProt,
    MemInvalid = MemUnmapped | MemProt,
}

/// <summary>The access that a memory hook reports (unicorn.h <c>uc_mem_type</c>).</summary>
public enum UcMemType
{
    Read = 16,
    Write,
    Fetch,
    ReadUnmapped,
    WriteUnmapped,
    FetchUnmapped,
    WriteProt,
    ReadProt,
    FetchProt,
    ReadAfter,
}

/// <summary>Page protection of <c>uc_mem_map</c> (unicorn.h <c>uc_prot</c>).</summary>
[Flags]
public enum UcProt
{
    None = 0,
    Read = 1,
    Write = 2,
    Exec = 4,
    All = 7,
}

using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Emulator.Loading;

/// <summary>
/// One ISA as the loader tests drive it: the brief's kernel-style clang flags, a real Unicorn engine,
/// the relocator under test, load addresses its code model can reach, and the registers of a call.
/// </summary>
public sealed record IsaUnderTest(
    string Name,
    ToolchainSettings Toolchain,
    UcArch Arch,
    UcMode Mode,
    IRelocator Relocator,
    ulong FixtureBase,
    ulong HelperBase,
    byte[] Halt,
    int ResultRegister,
    int[] ArgumentRegisters,
    int StackPointer,
    int ProgramCounter,
    int? LinkRegister)
{
    private static readonly string[] Common =
        ["-O2", "-ffreestanding", "-fno-pic", "-fno-asynchronous-unwind-tables", "-fno-stack-protector", "-nostdinc"];

    public static readonly IsaUnderTest X86_64 = new(
        "x86_64",
        Settings("x86_64-unknown-linux-gnu", "-mcmodel=kernel", "-mno-red-zone"),
        UcArch.X86, UcMode.Mode64, new global::Tpsim.Arch.X86_64.Relocations(),
        FixtureBase: 0xffff_ffff_8000_0000, HelperBase: 0xffff_ffff_8001_0000,
        Halt: [0xf4],
        ResultRegister: 35, ArgumentRegisters: [39, 43], StackPointer: 44, ProgramCounter: 41, LinkRegister: null);

    public static readonly IsaUnderTest Arm64 = new(
        "arm64",
        Settings("aarch64-unknown-linux-gnu", "-mcmodel=small"),
        UcArch.Arm64, UcMode.Arm, new global::Tpsim.Arch.Arm64.Relocations(),
        FixtureBase: 0x4000_0000, HelperBase: 0x4001_0000,
        Halt: [0x00, 0x00, 0x20, 0xd4],
        ResultRegister: 199, ArgumentRegisters: [199, 200], StackPointer: 4, ProgramCounter: 260, LinkRegister: 2);

    public static readonly IsaUnderTest Riscv64 = new(
        "riscv64",
        Settings("riscv64-unknown-linux-gnu", "-march=rv64imafdc", "-mabi=lp64d", "-mcmodel=medany", "-mno-relax"),
        UcArch.Riscv, UcMode.Riscv64, new global::Tpsim.Arch.Riscv64.Relocations(),
        FixtureBase: 0x4000_0000, HelperBase: 0x4001_0000,
        Halt: [0x73, 0x00, 0x10, 0x00],
        ResultRegister: 11, ArgumentRegisters: [11, 12], StackPointer: 3, ProgramCounter: 190, LinkRegister: 2);

    /// <summary>The 32-bit kernel's flags: ELF32, SHT_REL, arguments in eax, edx, ecx (-mregparm=3).</summary>
    public static readonly IsaUnderTest I386 = new(
        "i386",
        Settings("i686-unknown-linux-gnu", "-march=i686", "-mregparm=3", "-msoft-float", "-freg-struct-return", "-mstack-alignment=4", "-mno-sse", "-mno-mmx"),
        UcArch.X86, UcMode.Mode32, new global::Tpsim.Arch.I386.Relocations(),
        FixtureBase: 0xc000_0000, HelperBase: 0xc001_0000,
        Halt: [0x0f, 0x0b],
        ResultRegister: 19, ArgumentRegisters: [19, 24], StackPointer: 30, ProgramCounter: 26, LinkRegister: null);

    /// <summary>
    /// Big-endian ELF64 with RELA tables (r2 result and first argument, r15 sp, r14 link). Not in
    /// <see cref="Names"/>: its engine must come from the backend (64-bit addressing), so the s390x
    /// loader tests drive it with their own harness (Loading/S390x).
    /// </summary>
    public static readonly IsaUnderTest S390x = new(
        "s390x",
        Settings("s390x-unknown-linux-gnu", "-march=z10", "-mpacked-stack", "-mbackchain", "-msoft-float"),
        UcArch.S390x, UcMode.BigEndian, new global::Tpsim.Arch.S390x.Relocations(),
        FixtureBase: 0x4000_0000, HelperBase: 0x4001_0000,
        Halt: [0x00, 0x00],
        ResultRegister: 3, ArgumentRegisters: [3, 4], StackPointer: 16, ProgramCounter: 65, LinkRegister: 15);

    /// <summary>
    /// 32-bit Arm as the ARMv7-A kernel builds it: ELF32, SHT_REL, ARM state (Thumb-2 fixtures switch per function).
    /// Not in <see cref="Names"/>: the shared theories assume a return spelled "ret" and 8-byte words; ArmLoaderTests runs its own.
    /// </summary>
    public static readonly IsaUnderTest Arm = new(
        "arm",
        Settings("armv7a-unknown-linux-gnueabi", "-march=armv7-a", "-mabi=aapcs-linux", "-mfloat-abi=soft", "-marm"),
        UcArch.Arm, UcMode.Arm, new global::Tpsim.Arch.Arm.Relocations(),
        FixtureBase: 0xc000_0000, HelperBase: 0xc001_0000,
        Halt: [0xf0, 0x00, 0xf0, 0xe7],
        ResultRegister: 66, ArgumentRegisters: [66, 67], StackPointer: 12, ProgramCounter: 11, LinkRegister: 10);

    public static IsaUnderTest ByName(string name) => name switch
    {
        "x86_64" => X86_64,
        "arm64" => Arm64,
        "riscv64" => Riscv64,
        "i386" => I386,
        "arm" => Arm,
        "s390x" => S390x,
        _ => throw new ArgumentException($"no ISA '{name}'", nameof(name)),
    };

    public static TheoryData<string> Names => new() { "x86_64", "arm64", "riscv64", "i386" };

    /// <summary>Bytes in a pointer and a pushed return address: 4 in 32-bit mode, else 8.</summary>
    public int PointerSize => Mode == UcMode.Mode32 ? 4 : 8;

    public override string ToString() => Name;

    private static ToolchainSettings Settings(string triple, params string[] isaFlags) =>
        new(triple, [.. Common, .. isaFlags], [.. Common, .. isaFlags]);
}

using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Loading;

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
        UcArch.X86, UcMode.Mode64, new Arch.X86_64.Relocations(),
        FixtureBase: 0xffff_ffff_8000_0000, HelperBase: 0xffff_ffff_8001_0000,
        Halt: [0xf4],
        ResultRegister: 35, ArgumentRegisters: [39, 43], StackPointer: 44, ProgramCounter: 41, LinkRegister: null);

    public static readonly IsaUnderTest Arm64 = new(
        "arm64",
        Settings("aarch64-unknown-linux-gnu", "-mcmodel=small"),
        UcArch.Arm64, UcMode.Arm, new Arch.Arm64.Relocations(),
        FixtureBase: 0x4000_0000, HelperBase: 0x4001_0000,
        Halt: [0x00, 0x00, 0x20, 0xd4],
        ResultRegister: 199, ArgumentRegisters: [199, 200], StackPointer: 4, ProgramCounter: 260, LinkRegister: 2);

    public static readonly IsaUnderTest Riscv64 = new(
        "riscv64",
        Settings("riscv64-unknown-linux-gnu", "-march=rv64imafdc", "-mabi=lp64d", "-mcmodel=medany", "-mno-relax"),
        UcArch.Riscv, UcMode.Riscv64, new Arch.Riscv64.Relocations(),
        FixtureBase: 0x4000_0000, HelperBase: 0x4001_0000,
        Halt: [0x73, 0x00, 0x10, 0x00],
        ResultRegister: 11, ArgumentRegisters: [11, 12], StackPointer: 3, ProgramCounter: 190, LinkRegister: 2);

    /// <summary>The 32-bit kernel's flags: ELF32, SHT_REL, arguments in eax, edx, ecx (-mregparm=3).</summary>
    public static readonly IsaUnderTest I386 = new(
        "i386",
        Settings("i686-unknown-linux-gnu", "-march=i686", "-mregparm=3", "-msoft-float", "-freg-struct-return", "-mstack-alignment=4", "-mno-sse", "-mno-mmx"),
        UcArch.X86, UcMode.Mode32, new Arch.I386.Relocations(),
        FixtureBase: 0xc000_0000, HelperBase: 0xc001_0000,
        Halt: [0x0f, 0x0b],
        ResultRegister: 19, ArgumentRegisters: [19, 24], StackPointer: 30, ProgramCounter: 26, LinkRegister: null);

    public static IsaUnderTest ByName(string name) => name switch
    {
        "x86_64" => X86_64,
        "arm64" => Arm64,
        "riscv64" => Riscv64,
        "i386" => I386,
        _ => throw new ArgumentException($"no ISA '{name}'", nameof(name)),
    };

    public static TheoryData<string> Names => new() { "x86_64", "arm64", "riscv64", "i386" };

    /// <summary>Bytes in a pointer and a pushed return address: 4 in 32-bit mode, else 8.</summary>
    public int PointerSize => Mode == UcMode.Mode32 ? 4 : 8;

    public override string ToString() => Name;

    private static ToolchainSettings Settings(string triple, params string[] isaFlags) =>
        new(triple, [.. Common, .. isaFlags], [.. Common, .. isaFlags]);
}

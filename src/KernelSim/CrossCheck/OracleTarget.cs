namespace Tpsim.KernelSim.CrossCheck;

/// <summary>
/// How one ISA's cross-check program is linked and run: natively on a matching host, otherwise under
/// Debian's qemu-user binary for the ISA. The harness is <c>CrossCheck/&lt;isa&gt;/harness.S</c>.
/// </summary>
/// <param name="Emulator">The qemu-user binary (qemu-aarch64, ...), or null when the host CPU runs it.</param>
/// <param name="EmulatorArguments">Options for the emulator before the program (a CPU model with the features a build needs).</param>
/// <param name="Linker">The linker: ld.lld-19, or the GNU cross ld where lld lacks the ABI (ppc64 ELFv1).</param>
/// <param name="LinkerArguments">Options beyond -static -nostdlib -e _start and the objects: the image base, an emulation.</param>
public sealed record OracleTarget(
    string Isa,
    string? Emulator,
    IReadOnlyList<string> EmulatorArguments,
    string Linker,
    IReadOnlyList<string> LinkerArguments)
{
    /// <summary>The Debian package that provides every emulator here.</summary>
    public const string EmulatorPackage = "qemu-user";

    public string HarnessPath => $"CrossCheck/{Isa}/harness.S";

    /// <summary>The ISAs with a harness, in the matrix order.</summary>
    public static IReadOnlyList<OracleTarget> All { get; } =
    [
        // -mcmodel=kernel code needs sign-extended 32-bit addresses: the bottom 2 GiB satisfies R_X86_64_32S.
        new("x86_64", null, [], "ld.lld-19", ["--image-base=0x200000"]),
        new("arm64", "qemu-aarch64", ["-cpu", "max"], "ld.lld-19", ["--image-base=0x400000"]),
        new("riscv64", "qemu-riscv64", [], "ld.lld-19", ["--image-base=0x400000"]),
        new("i386", "qemu-i386", [], "ld.lld-19", ["--image-base=0x400000"]),
        new("s390x", "qemu-s390x", [], "ld.lld-19", ["--image-base=0x400000"]),
        new("arm", "qemu-arm", [], "ld.lld-19", ["--image-base=0x400000"]),
        new("mips64", "qemu-mips64", [], "ld.lld-19", ["--image-base=0x400000"]),
        new("ppc64", "qemu-ppc64", [], "powerpc64-linux-gnu-ld", ["-Ttext-segment=0x400000"]),
    ];

    public static OracleTarget? Find(string isa) => All.FirstOrDefault(t => t.Isa == isa);
}

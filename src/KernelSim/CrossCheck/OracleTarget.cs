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

    /// <summary>
    /// Controls whose behaviour the executor cannot reproduce, by control name, with the reason: the case is run
    /// and reported, but not counted as agreement or disagreement. Init-only.
    /// </summary>
    public IReadOnlyDictionary<string, string> Limits { get; init; } = new Dictionary<string, string>();

    /// <summary>Linker options a build adds (arm64 pac-bti: mark the program BTI, so qemu-user enforces landing pads). Init-only.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> BuildLinkerArguments { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Why <paramref name="c"/> is outside what this executor can reproduce, or null.</summary>
    public string? Limit(Proof.StubCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        const string prefix = "control:";
        return c.Stub.Name.StartsWith(prefix, StringComparison.Ordinal) && Limits.TryGetValue(c.Stub.Name[prefix.Length..], out var why) ? why : null;
    }

    /// <summary>The ISAs with a harness, in the matrix order.</summary>
    public static IReadOnlyList<OracleTarget> All { get; } =
    [
        // -mcmodel=kernel code needs sign-extended 32-bit addresses: the bottom 2 GiB satisfies R_X86_64_32S.
        new("x86_64", null, [], "ld.lld-19", ["--image-base=0x200000"]),
        new("arm64", "qemu-aarch64", ["-cpu", "max"], "ld.lld-19", ["--image-base=0x400000"])
        {
            // qemu-user guards pages with BTI only for a program whose GNU property note says so; the kernel's
            // pac-bti objects carry it, tpsim's harness and hand-written stubs do not, so it is forced.
            BuildLinkerArguments = new Dictionary<string, IReadOnlyList<string>> { ["pac-bti"] = ["-z", "force-bti"] },
        },
        new("riscv64", "qemu-riscv64", [], "ld.lld-19", ["--image-base=0x400000"]),
        new("i386", "qemu-i386", [], "ld.lld-19", ["--image-base=0x400000"]),
        new("s390x", "qemu-s390x", [], "ld.lld-19", ["--image-base=0x400000"]),
        new("arm", "qemu-arm", [], "ld.lld-19", ["--image-base=0x400000"]),
        new("mips64", "qemu-mips64", [], "ld.lld-19", ["--image-base=0x400000"]),
        // lld has no ELFv1 (function descriptors); the GNU cross linker has.
        new("ppc64", "qemu-ppc64", [], "powerpc64-linux-gnu-ld", ["-Ttext-segment=0x400000"])
        {
            Limits = new Dictionary<string, string>
            {
                // The kernel (and tpsim) runs with MSR[FP]=0, so an FP instruction takes FP-unavailable; qemu-user
                // always runs user code with the FPU on, on every 64-bit CPU model qemu-ppc64 7.2 has.
                ["clobber-fp"] = "qemu-user cannot run with the FPU off (MSR[FP]=0), so the kernel's FP-unavailable trap does not happen there",
            },
        },
    ];

    public static OracleTarget? Find(string isa) => All.FirstOrDefault(t => t.Isa == isa);
}

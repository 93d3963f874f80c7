namespace Tpsim.Emulator.Isa;

/// <summary>
/// How one ISA's cross-check program is linked and run: natively on a matching host, otherwise under Debian's
/// qemu-user binary for the ISA. The program's entry is the ISA's <c>CrossCheck/harness.S</c>.
/// </summary>
/// <param name="Emulator">The qemu-user binary (qemu-aarch64, ...), or null when the host CPU runs it (<see cref="HostArchitecture"/>).</param>
/// <param name="EmulatorArguments">Options for the emulator before the program (a CPU model with the features a build needs).</param>
/// <param name="Linker">The linker: ld.lld-19, or the GNU cross ld where lld lacks the ABI (ppc64 ELFv1).</param>
/// <param name="LinkerArguments">Options beyond -static -nostdlib -e _start and the objects: the image base, an emulation.</param>
public sealed record OracleTarget(
    string? Emulator,
    IReadOnlyList<string> EmulatorArguments,
    string Linker,
    IReadOnlyList<string> LinkerArguments)
{
    /// <summary>The Debian package that provides every emulator here.</summary>
    public const string EmulatorPackage = "qemu-user";

    /// <summary>The harness source, relative to the ISA root (see <see cref="IsaBackend.ReadSource"/>).</summary>
    public const string HarnessSource = "CrossCheck/harness.S";

    /// <summary>
    /// Controls whose behaviour the executor cannot reproduce, by control name, with the reason: the case is run
    /// and reported, but not counted as agreement or disagreement. Init-only.
    /// </summary>
    public IReadOnlyDictionary<string, string> Limits { get; init; } = new Dictionary<string, string>();

    /// <summary>Linker options a build adds (arm64 pac-bti: mark the program BTI, so qemu-user enforces landing pads). Init-only.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> BuildLinkerArguments { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>For a target without an emulator: the host architecture that runs the program natively (on Linux). Init-only.</summary>
    public System.Runtime.InteropServices.Architecture? HostArchitecture { get; init; }

    /// <summary>
    /// Where the harness's signal handler report (R_SIGNAL, see harness.h) holds the interrupted pc: its byte offset
    /// in the dumped <c>ucontext_t</c>, as the kernel (and qemu-user, which copies its layout) writes it. Null when
    /// the ISA's harness installs no handler; then a trap's pc and kind and a fault's address are not compared. Init-only.
    /// </summary>
    public int? ContextPcOffset { get; init; }

    /// <summary>
    /// Where a trap's pc comes from in the signal report: the context's pc by default, or si_addr where the
    /// context's pc has already moved past the trapping instruction (s390x). Init-only.
    /// </summary>
    public bool TrapPcFromSignalAddress { get; init; }

    /// <summary>
    /// The bits of a fault address that si_addr carries: all by default; s390x reports only the page (the kernel, and
    /// qemu-user after it, mask the translation-exception address with -4096), so only the page is compared there. Init-only.
    /// </summary>
    public ulong FaultAddressMask { get; init; } = ulong.MaxValue;

    /// <summary>
    /// The harness reports a failed callee-saved check's registers (R_SAVED), so the oracle names the register
    /// that changed; when false only the violation's kind and call are compared. Init-only.
    /// </summary>
    public bool ReportsCalleeSavedRegisters { get; init; }

    /// <summary>Why <paramref name="controlName"/> is outside what this executor can reproduce, or null.</summary>
    public string? Limit(string controlName) => Limits.GetValueOrDefault(controlName);
}

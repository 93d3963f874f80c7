using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Harness.Cases;

/// <summary>Which call site walks the array: the C iterator compiled per ISA, or the hand-written site.S.</summary>
public enum SiteKind
{
    C,
    Asm,

    /// <summary>site.S built with -DTP_SITE_NO_RESTORE: stack arguments stored once only. Broken on purpose; only the scribble-args control uses it.</summary>
    AsmNoRestore,

    /// <summary>A real kernel's <c>__traceiter_NAME</c>, reached through <c>trace_NAME()</c>, from a module kbuild built (not a harness slot).</summary>
    Kernel,
}

/// <summary>What one slot of a <c>struct tracepoint_func</c> array holds.</summary>
public enum ArrayEntry
{
    /// <summary>A real probe with the tracepoint's full prototype that records what it receives.</summary>
    Probe,

    /// <summary>The stub under test, <c>void tp_stub_func(void)</c>.</summary>
    Stub,
}

/// <summary>A named layout of probes and stubs in the funcs array (NULL terminator implied).</summary>
public sealed record ArrayShape(string Name, IReadOnlyList<ArrayEntry> Entries)
{
    public override string ToString() => Name;
}

/// <summary>A stub's source text and the file name it is reported under (compiler messages cite it).</summary>
public sealed record StubSource(string Name, string FileName, string Text, SourceLanguage Language)
{
    /// <summary>Reads a user's stub; the language follows the extension (.c, or .S/.s).</summary>
    public static StubSource FromFile(string path)
    {
        var ext = Path.GetExtension(path);
        var lang = ext switch
        {
            ".c" => SourceLanguage.C,
            ".S" or ".s" => SourceLanguage.Asm,
            _ => throw new ArgumentException($"{path}: a stub must be a .c, .S or .s file"),
        };
        return new StubSource(Path.GetFileNameWithoutExtension(path), Path.GetFullPath(path), File.ReadAllText(path), lang);
    }
}

/// <summary>One row of the matrix: a stub called through one site with <see cref="Args"/> arguments, and the verdict it must get.</summary>
public sealed record StubCase(
    string Name,
    IsaBackend Isa,
    int Args,
    ArrayShape Shape,
    SiteKind Site,
    StubSource Stub,
    Verdict Expected,
    ViolationKind? ExpectedViolation)
{
    /// <summary>The compiler and config that build the C sources of this case (probes, C site, C stub).</summary>
    public BuildSpec Build { get; init; } = BuildSpec.Default;

    /// <summary>The trap kind the verdict must carry, when it matters (kcfi).</summary>
    public TrapKind? ExpectedTrapKind { get; init; }

    /// <summary>
    /// For a generated case: the tracepoint's own prototype, iterator, probe and entry, which replace the
    /// matrix's site.c and probes (<see cref="Site"/> is then <see cref="SiteKind.C"/>); null for a matrix case.
    /// </summary>
    public GeneratedSite? Generated { get; init; }

    /// <summary>The index of the call the expected violation names, when it matters (generated cases).</summary>
    public int? ExpectedCall { get; init; }
}

/// <summary>
/// A generated case's tracepoint (<see cref="Spec"/> is the whole case's, as <c>tpsim check --generated</c> takes it): its site and probe sources (each compiled with tracepoint.h in front), what the probe
/// records for each argument, and how many bytes of stack arguments each callee receives by the ISA's rules. The
/// site's entry point <c>tp_gen_entry(void)</c> calls <c>__traceiter_tpsim_gen</c> with the values; the probe is
/// <c>tp_probe_gen</c>, in its own object so that the site's code hooks never cover it.
/// </summary>
public sealed record GeneratedSite(string Spec, string SiteSource, string ProbeSource, IReadOnlyList<ulong> Recorded, int StackBytes)
{
    public const string SiteFile = "generated-site.c";
    public const string ProbeFile = "generated-probe.c";

    public const string Entry = "tp_gen_entry";
    public const string Probe = "tp_probe_gen";
}

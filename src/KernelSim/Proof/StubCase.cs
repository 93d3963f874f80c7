using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.KernelSim.Proof;

/// <summary>Which call site walks the array: the C iterator compiled per ISA, or the hand-written site.S.</summary>
public enum SiteKind
{
    C,
    Asm,

    /// <summary>site.S built with -DTP_SITE_NO_RESTORE: stack arguments stored once only. Broken on purpose; only the scribble-args control uses it.</summary>
    AsmNoRestore,
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
    string? ExpectedViolation)
{
    /// <summary>The compiler and config that build the C sources of this case (probes, C site, C stub).</summary>
    public BuildSpec Build { get; init; } = BuildSpec.Default;

    /// <summary>The trap kind the verdict must carry, when it matters (kcfi).</summary>
    public string? ExpectedTrapKind { get; init; }
}

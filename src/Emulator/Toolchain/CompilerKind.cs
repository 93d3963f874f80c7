namespace Tpsim.Emulator.Toolchain;

/// <summary>Which compiler builds the C sources. Assembly (.S) is always assembled by clang, as is.</summary>
public enum CompilerKind
{
    /// <summary>clang-19 with the ISA's target triple.</summary>
    Clang,

    /// <summary>Debian's GCC 12: native gcc on x86_64, the <c>&lt;triple&gt;-gcc</c> cross compiler elsewhere.</summary>
    Gcc,
}

/// <summary>Command-line and report names of <see cref="CompilerKind"/> (a contract: clang, gcc).</summary>
public static class CompilerKinds
{
    public static IReadOnlyList<CompilerKind> All { get; } = [CompilerKind.Clang, CompilerKind.Gcc];

    public static string ToName(this CompilerKind kind) => kind == CompilerKind.Gcc ? "gcc" : "clang";

    public static bool TryParse(string name, out CompilerKind kind)
    {
        foreach (var k in All)
        {
            if (string.Equals(k.ToName(), name, StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }
}

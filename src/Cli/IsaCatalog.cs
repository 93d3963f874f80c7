using Tpsim.Arch.Arm;
using Tpsim.Arch.Arm64;
using Tpsim.Arch.I386;
using Tpsim.Arch.Riscv64;
using Tpsim.Arch.X86_64;
using Tpsim.Emulator.Isa;

namespace Tpsim.Cli;

/// <summary>The ISAs tpsim can run, by command-line name, in the order reports list them.</summary>
public static class IsaCatalog
{
    private sealed record Entry(string Name, string[] Aliases, Func<IsaBackend> Create);

    // Aliases are the names other toolchains use (uname -m, Debian arch, GNU triples), so a user's habit still works.
    private static readonly Entry[] Entries =
    [
        new("x86_64", ["amd64", "x86-64", "x64"], () => new X86_64Backend()),
        new("arm64", ["aarch64"], () => new Arm64Backend()),
        new("riscv64", ["rv64", "riscv"], () => new Riscv64Backend()),
        new("i386", ["i686", "x86", "ia32"], () => new I386Backend()),
        new("s390x", ["s390", "systemz", "zarch"], () => new Tpsim.Arch.S390x.S390xBackend()),
        new("arm", ["arm32", "armv7", "armhf", "armel", "aarch32"], () => new ArmBackend()),
        new("mips64", ["mips64be", "mips64r2", "n64"], () => new Tpsim.Arch.Mips64.Mips64Backend()),
        new("ppc64", ["powerpc64", "ppc64be", "power"], () => new Tpsim.Arch.Ppc64.Ppc64Backend()),
    ];

    public static IReadOnlyList<string> Names { get; } = Entries.Select(e => e.Name).ToArray();

    public static IsaBackend Resolve(string name)
    {
        var wanted = name.Trim();
        var entry = Entries.FirstOrDefault(e =>
            string.Equals(e.Name, wanted, StringComparison.OrdinalIgnoreCase)
            || e.Aliases.Contains(wanted, StringComparer.OrdinalIgnoreCase));
        return entry?.Create() ?? throw CliErrors.UnknownIsa(wanted, Names);
    }

    /// <summary>Parses a comma-separated list; null or <c>all</c> means every ISA. Duplicates collapse, the user's order is kept.</summary>
    public static IReadOnlyList<IsaBackend> ResolveList(string? spec)
    {
        if (spec is null || string.Equals(spec.Trim(), "all", StringComparison.OrdinalIgnoreCase))
        {
            return Entries.Select(e => e.Create()).ToArray();
        }
        var names = spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0)
        {
            throw CliErrors.NoIsa(Names);
        }
        var result = new List<IsaBackend>();
        foreach (var isa in names.Select(Resolve))
        {
            if (result.All(r => r.Name != isa.Name))
            {
                result.Add(isa);
            }
        }
        return result;
    }
}

using Tpsim.Emulator.Isa;

namespace Tpsim.Arch;

/// <summary>
/// The one list of ISAs tpsim runs, in the order reports list them. Everything else about an ISA lives in its
/// folder under src/Arch (its backend: ABI, registers, relocations, toolchain, traps, aliases, oracle, harness.S).
/// </summary>
public static class IsaRegistry
{
    private static readonly Func<IsaBackend>[] Factories =
    [
        () => new X86_64.X86_64Backend(),
        () => new Arm64.Arm64Backend(),
        () => new Riscv64.Riscv64Backend(),
        () => new I386.I386Backend(),
        () => new S390x.S390xBackend(),
        () => new Arm.ArmBackend(),
        () => new Mips64.Mips64Backend(),
        () => new Ppc64.Ppc64Backend(),
    ];

    /// <summary>One backend of each ISA, shared; backends hold no per-run state.</summary>
    public static IReadOnlyList<IsaBackend> All { get; } = [.. Factories.Select(f => f())];

    /// <summary>The ISAs' names, in report order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(i => i.Name)];

    /// <summary>A fresh backend of the ISA named <paramref name="name"/> or one of its aliases (case-insensitive, trimmed).</summary>
    public static bool TryCreate(string name, out IsaBackend isa)
    {
        ArgumentNullException.ThrowIfNull(name);
        var wanted = name.Trim();
        var i = Array.FindIndex([.. All], b =>
            string.Equals(b.Name, wanted, StringComparison.OrdinalIgnoreCase)
            || b.Aliases.Contains(wanted, StringComparer.OrdinalIgnoreCase));
        isa = i >= 0 ? Factories[i]() : null!;
        return i >= 0;
    }

    /// <summary>A fresh backend of the ISA named <paramref name="name"/>; throws for an unknown name.</summary>
    public static IsaBackend Create(string name) => TryCreate(name, out var isa)
        ? isa
        : throw new ArgumentOutOfRangeException(nameof(name), name, $"unknown ISA; known: {string.Join(", ", Names)}");

    /// <summary>A fresh backend of every ISA, in report order.</summary>
    public static IReadOnlyList<IsaBackend> CreateAll() => [.. Factories.Select(f => f())];
}

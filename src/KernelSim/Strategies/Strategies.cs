using System.Diagnostics.CodeAnalysis;

namespace Tpsim.KernelSim.Strategies;

/// <summary>The removal strategies in contract order: fail, nofail, sentinel, stub, double-array, typed-stub, skip, then skip-fixed.</summary>
public static class Strategies
{
    public static RemovalStrategy Fail { get; } = new FailStrategy();

    public static RemovalStrategy NoFail { get; } = new NoFailStrategy();

    public static RemovalStrategy Sentinel { get; } = new SentinelStrategy();

    public static RemovalStrategy Stub { get; } = new StubStrategy();

    public static RemovalStrategy DoubleArray { get; } = new DoubleArrayStrategy();

    public static RemovalStrategy TypedStub { get; } = new TypedStubStrategy();

    public static RemovalStrategy Skip { get; } = new SkipStrategy();

    public static RemovalStrategy SkipFixed { get; } = new SkipFixedStrategy();

    public static IReadOnlyList<RemovalStrategy> All { get; } = [Fail, NoFail, Sentinel, Stub, DoubleArray, TypedStub, Skip, SkipFixed];

    /// <summary>What mainline does: <see cref="StubStrategy"/>.</summary>
    public static RemovalStrategy Default => Stub;

    public static IReadOnlyList<string> Names { get; } = All.Select(s => s.Name).ToArray();

    /// <summary>Looks a strategy up by its exact (lower-case) name.</summary>
    public static bool TryGet(string name, [MaybeNullWhen(false)] out RemovalStrategy strategy)
    {
        strategy = All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));
        return strategy is not null;
    }
}

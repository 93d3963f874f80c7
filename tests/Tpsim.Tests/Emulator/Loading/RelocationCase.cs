namespace Tpsim.Tests.Emulator.Loading;

/// <summary>
/// One claimed relocation type and how to observe it: a fixture that makes clang emit it, and either a
/// function whose return value depends on the relocated field or a data slot read back from memory.
/// </summary>
/// <param name="Probe">A function to call, or a data symbol to read when <paramref name="Width"/> is non-zero.</param>
/// <param name="Expected">The value the probe must see, computed from the loaded symbols.</param>
public sealed record RelocationCase(string Isa, string Type, string Fixture, string Probe, int Width, Func<Loaded, ulong> Expected)
{
    public string Id => $"{Isa} {Type} {Fixture}:{Probe}";
}

/// <summary>What an expectation may depend on: the helper's and the fixture's symbol addresses.</summary>
public sealed record Loaded(global::Tpsim.Emulator.Loading.LoadedObject Helper, global::Tpsim.Emulator.Loading.LoadedObject Fixture)
{
    /// <summary>Address of helper_value.</summary>
    public ulong Hv => Helper.Symbol("helper_value");

    public ulong Fn(string name) => Fixture.Symbol(name);
}

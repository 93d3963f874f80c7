using Tpsim.Emulator.Loading;

namespace Tpsim.KernelSim.Machine;

/// <summary>A module as the simulated kernel tracks it; kept after unload so dangling pointers still have names.</summary>
public sealed class KernelModule(string name, LoadedObject image, ObjectLoader loader)
{
    public string Name { get; } = name;

    public LoadedObject Image { get; } = image;

    internal ObjectLoader Loader { get; } = loader;

    public bool IsLoaded => Image.IsLoaded;

    /// <summary>Address of a function or object in the module, local symbols included.</summary>
    public bool TryGetSymbol(string symbol, out ulong address) => Image.Symbols.TryGetValue(symbol, out address);

    /// <summary>The function containing <paramref name="address"/> as symbol and offset, if it lies in the module's text.</summary>
    public (string Symbol, ulong Offset)? FunctionAt(ulong address) => Symbolizer.FunctionAt(Image, address);

    /// <summary>The symbol at exactly <paramref name="address"/>, if any.</summary>
    public string? SymbolAt(ulong address) =>
        Image.Symbols.Where(s => s.Value == address).Select(s => s.Key).Order(StringComparer.Ordinal).FirstOrDefault();
}

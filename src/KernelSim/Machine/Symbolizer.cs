using Tpsim.Emulator.Loading;

namespace Tpsim.KernelSim.Machine;

/// <summary>Turns a code address into <c>symbol+0xoff</c>, as an oops message would.</summary>
internal static class Symbolizer
{
    public static (string Symbol, ulong Offset)? FunctionAt(LoadedObject image, ulong address)
    {
        if (!image.IsExecutable(address))
        {
            return null;
        }
        // init_module/cleanup_module are aliases; prefer the name the author wrote.
        var best = image.Symbols
            .Where(s => s.Value <= address && image.IsExecutable(s.Value))
            .OrderByDescending(s => s.Value)
            .ThenBy(s => s.Key is "init_module" or "cleanup_module" ? 1 : 0)
            .ThenBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => (s.Key, s.Value))
            .FirstOrDefault();
        return best.Key is null ? null : (best.Key, address - best.Value);
    }

    public static string Format((string Symbol, ulong Offset) at) => at.Offset == 0 ? at.Symbol : $"{at.Symbol}+0x{at.Offset:x}";
}

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
        // FunctionEntries: where a descriptor's code starts (ppc64 ELFv1), named like the function.
        // ELFv1 dot-symbols (.foo, GCC -mcall-aixdesc) name the same entries under another spelling: skipped.
        var best = image.Symbols.Concat(image.FunctionEntries)
            .Where(s => s.Value <= address && image.IsExecutable(s.Value) && !s.Key.StartsWith('.'))
            .OrderByDescending(s => s.Value)
            .ThenBy(s => s.Key is "init_module" or "cleanup_module" ? 1 : 0)
            .ThenBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => (s.Key, s.Value))
            .FirstOrDefault();
        return best.Key is null ? null : (best.Key, address - best.Value);
    }

    public static string Format((string Symbol, ulong Offset) at) => at.Offset == 0 ? at.Symbol : $"{at.Symbol}+0x{at.Offset:x}";
}

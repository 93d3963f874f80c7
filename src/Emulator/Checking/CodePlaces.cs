using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;

namespace Tpsim.Emulator.Checking;

/// <summary>
/// Names a code address as <c>symbol+0xN</c>, so that two executors that lay the same objects out at different
/// addresses (tpsim's loader, a linked cross-check program) can compare where a trap or fault happened.
/// </summary>
public static class CodePlaces
{
    /// <summary>
    /// The nearest symbol at or below <paramref name="address"/> inside the executable range of
    /// <paramref name="executable"/> that holds it, as <c>name+0xN</c> (<c>+0x0</c> at the symbol itself); the
    /// address in hex when no range holds it or no symbol precedes it there (an address outside code, such as 0x10,
    /// means the same on both executors). An address outside code whose <see cref="IsaBackend.AddressMask"/> bits
    /// fall inside it (an arm64 return address with a corrupted PAC field) is named by those bits.
    /// </summary>
    /// <param name="symbols">Candidate names and values: code symbols and, where a function symbol is a descriptor
    /// (ppc64 ELFv1), its code entry under the same name.</param>
    /// <param name="isa">How a symbol's value reads as an instruction address (arm clears the Thumb bit), and which bits address memory.</param>
    public static string Name(ulong address, IEnumerable<KeyValuePair<string, ulong>> symbols, IEnumerable<AddressRange> executable, IsaBackend isa) =>
        Locate(address, symbols, executable, isa)?.ToString() ?? Hex(address);

    /// <summary>What <see cref="Name(ulong, IEnumerable{KeyValuePair{string, ulong}}, IEnumerable{AddressRange}, IsaBackend)"/> names, as symbol and offset; null where it gives hex.</summary>
    public static CodePlace? Locate(ulong address, IEnumerable<KeyValuePair<string, ulong>> symbols, IEnumerable<AddressRange> executable, IsaBackend isa)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(executable);
        ArgumentNullException.ThrowIfNull(isa);
        var ranges = executable.ToList();
        if (!ranges.Any(r => r.Contains(address)) && ranges.Any(r => r.Contains(address & isa.AddressMask)))
        {
            address &= isa.AddressMask;
        }
        if (ranges.Where(r => r.Contains(address)).Select(r => (AddressRange?)r).FirstOrDefault() is not { } range)
        {
            return null;
        }
        string? best = null;
        ulong bestAt = 0;
        foreach (var (name, value) in symbols)
        {
            // Assembler-local labels (.L*), mapping symbols ($x, $t, $d) and ELFv1 dot-symbols are not names a report uses.
            var at = isa.InstructionAddress(value);
            if (name.Length == 0 || name[0] is '.' or '$' || at > address || !range.Contains(at))
            {
                continue;
            }
            if (best is null || at > bestAt || (at == bestAt && string.CompareOrdinal(name, best) < 0))
            {
                best = name;
                bestAt = at;
            }
        }
        return best is null ? null : new CodePlace(best, address - bestAt);
    }

    /// <summary>The name among several objects: the object whose executable ranges hold the address decides.</summary>
    public static string Name(ulong address, IEnumerable<LoadedObject> objects, IsaBackend isa)
    {
        return Locate(address, objects, isa)?.ToString() ?? Hex(address);
    }

    /// <summary>The symbol and offset among several objects, or null where <see cref="Name(ulong, IEnumerable{LoadedObject}, IsaBackend)"/> gives hex.</summary>
    public static CodePlace? Locate(ulong address, IEnumerable<LoadedObject> objects, IsaBackend isa)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(isa);
        var holder = objects.FirstOrDefault(o => o.IsExecutable(address)) ?? objects.FirstOrDefault(o => o.IsExecutable(address & isa.AddressMask));
        return holder is null ? null : Locate(address, holder.Symbols.Concat(holder.FunctionEntries), holder.ExecutableRanges, isa);
    }

    private static string Hex(ulong address) => $"0x{address:x}";
}

/// <summary>A code address as the nearest symbol at or below it and the offset from there.</summary>
public sealed record CodePlace(string Symbol, ulong Offset)
{
    public override string ToString() => $"{Symbol}+0x{Offset:x}";
}

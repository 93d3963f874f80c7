using LibObjectFile.Elf;

namespace Tpsim.Linux.Machine;

/// <summary>
/// What tpsim reads from a kbuild object's symbols before loading it: its undefined names (every one without a
/// provider is named at once), a constant data symbol's bytes, and what a .ko exports.
/// </summary>
public static class RelocatableSymbols
{
    public static IReadOnlyList<string> Names(byte[] elf)
    {
        using var stream = new MemoryStream(elf, writable: false);
        var file = ElfFile.Read(stream);
        var table = file.Sections.OfType<ElfSymbolTable>().FirstOrDefault();
        if (table is null)
        {
            return [];
        }
        return [.. table.Entries
            .Where(e => e.SectionLink.IsSpecial && e.SectionLink.SpecialIndex == 0 && !string.IsNullOrEmpty(e.Name.Value))
            .Select(e => e.Name.Value!)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The bytes of data symbol <paramref name="name"/> as the object holds them (compile-time constants: no relocation applied).</summary>
    public static byte[]? SymbolBytes(byte[] elf, string name)
    {
        using var stream = new MemoryStream(elf, writable: false);
        var file = ElfFile.Read(stream);
        foreach (var symbol in file.Sections.OfType<ElfSymbolTable>().SelectMany(t => t.Entries))
        {
            if (symbol.Name.Value != name || symbol.SectionLink.IsSpecial || symbol.SectionLink.Section is not { } section)
            {
                continue;
            }
            var start = checked((int)(section.Position + symbol.Value));
            return elf.AsSpan(start, checked((int)symbol.Size)).ToArray();
        }
        return null;
    }

    /// <summary>What a .ko exports (EXPORT_SYMBOL and friends): the names in its <c>__ksymtab_strings</c> section.</summary>
    public static IReadOnlySet<string> Exports(byte[] elf)
    {
        using var stream = new MemoryStream(elf, writable: false);
        var file = ElfFile.Read(stream);
        var section = file.Sections.FirstOrDefault(s => s.Name.Value == "__ksymtab_strings");
        if (section is null)
        {
            return new HashSet<string>();
        }
        var text = System.Text.Encoding.UTF8.GetString(elf, checked((int)section.Position), checked((int)section.Size));
        return text.Split('\0', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
    }
}

using LibObjectFile.Elf;

namespace Tpsim.Emulator.Loading;

/// <summary>
/// An object's symbol table seen through its layout: addresses of its own definitions, and
/// undefined names resolved against the global <see cref="SymbolTable"/> (undefined weak ones to 0).
/// </summary>
internal sealed class ObjectSymbols
{
    private const int SectionUndefined = 0;
    private const int SectionAbsolute = 0xfff1;
    private const int SectionCommon = 0xfff2;

    private readonly List<ElfSymbol> _entries;
    private readonly SectionLayout _layout;
    private readonly SymbolTable _globals;
    private readonly string _objectName;

    private readonly IRelocator _relocator;
    private readonly byte[] _elf;
    private readonly ElfSymbolTable? _table;

    /// <param name="elf">The object's bytes, for the st_other bytes LibObjectFile keeps only the visibility of.</param>
    /// <param name="relocator">Its relocator: undefined names are looked up as it says (<see cref="IRelocator.UndefinedSymbolName"/>), and its per-object symbols (ppc64 .TOC.) resolved by it.</param>
    public ObjectSymbols(ElfSymbolTable? table, SectionLayout layout, SymbolTable globals, string objectName, byte[] elf, IRelocator relocator)
    {
        _table = table;
        _entries = table?.Entries ?? [];
        _layout = layout;
        _globals = globals;
        _objectName = objectName;
        _elf = elf;
        _relocator = relocator;
    }

    /// <summary>The symbol's st_other byte, read from the object's own symbol table.</summary>
    public byte OtherOf(uint index)
    {
        if (_table is null || index == 0)
        {
            return 0;
        }
        // Elf64_Sym: st_name 4, st_info 1, st_other 1; Elf32_Sym: st_name, st_value, st_size 4 each, then st_info, st_other.
        var (size, offset) = _table.TableEntrySize == 16 ? (16UL, 13UL) : (24UL, 5UL);
        var at = _table.Position + index * size + offset;
        return at < (ulong)_elf.Length ? _elf[at] : (byte)0;
    }

    /// <summary>Name for messages; section symbols are nameless in ELF, so they take their section's name.</summary>
    public string NameOf(uint index)
    {
        var symbol = Entry(index);
        if (symbol.Type == ElfSymbolType.Section && !symbol.SectionLink.IsSpecial)
        {
            return symbol.SectionLink.Section?.Name.Value ?? "";
        }
        return symbol.Name.Value ?? "";
    }

    /// <summary>S for a relocation's symbol index; throws TPL001 for an unresolved non-weak symbol.</summary>
    public ulong AddressOf(uint index)
    {
        if (index == 0)
        {
            return 0;
        }
        var symbol = Entry(index);
        var link = symbol.SectionLink;
        if (link.IsSpecial || link.Section is null)
        {
            switch (link.SpecialIndex)
            {
                case SectionUndefined:
                    var name = NameOf(index);
                    if (_relocator.PerObjectSymbols.Contains(name))
                    {
                        return _relocator.PerObjectSymbol(name, _layout.Sections);
                    }
                    if (_globals.TryResolve(_relocator.UndefinedSymbolName(name), out var address))
                    {
                        return address;
                    }
                    if (symbol.Bind == ElfSymbolBind.Weak)
                    {
                        return 0;
                    }
                    throw new LoaderException(LoaderError.UnresolvedSymbol, _objectName, $"undefined symbol '{name}'");
                case SectionAbsolute:
                    return symbol.Value;
                case SectionCommon:
                    throw CommonSymbol(symbol);
                default:
                    throw new LoaderException(LoaderError.NotRelocatable, _objectName,
                        $"symbol '{NameOf(index)}' has unsupported section index 0x{link.SpecialIndex:x}");
            }
        }
        if (!_layout.TryGet(link.Section, out var section))
        {
            throw new LoaderException(LoaderError.InvalidRelocation, _objectName,
                $"symbol '{NameOf(index)}' lives in section '{link.Section.Name.Value}', which is not allocated");
        }
        return section.Address + symbol.Value;
    }

    /// <summary>
    /// Defined functions, objects and untyped asm labels that are placed in memory, globals first so a
    /// global wins over a local of the same name. Assembler-internal names ($x, .L*) are left out.
    /// </summary>
    public IEnumerable<(string Name, ulong Address, bool IsGlobal, bool IsWeak)> Definitions()
    {
        var found = new List<(string, ulong, bool, bool)>();
        foreach (var symbol in _entries)
        {
            if (symbol.SectionLink.IsSpecial && symbol.SectionLink.SpecialIndex == SectionCommon)
            {
                throw CommonSymbol(symbol);
            }
            var name = symbol.Name.Value;
            if (string.IsNullOrEmpty(name) || name.StartsWith('$') || name.StartsWith(".L", StringComparison.Ordinal))
            {
                continue;
            }
            if (symbol.Type is not (ElfSymbolType.Function or ElfSymbolType.Object or ElfSymbolType.NoType))
            {
                continue;
            }
            var global = symbol.Bind is ElfSymbolBind.Global or ElfSymbolBind.Weak;
            if (TryDefinedAddress(symbol, out var address))
            {
                found.Add((name, address, global, symbol.Bind == ElfSymbolBind.Weak));
            }
        }
        return found.OrderByDescending(f => f.Item3);
    }

    private bool TryDefinedAddress(ElfSymbol symbol, out ulong address)
    {
        var link = symbol.SectionLink;
        if (link.IsSpecial || link.Section is null)
        {
            address = symbol.Value;
            return link.SpecialIndex == SectionAbsolute;
        }
        if (_layout.TryGet(link.Section, out var section))
        {
            address = section.Address + symbol.Value;
            return true;
        }
        address = 0;
        return false;
    }

    private ElfSymbol Entry(uint index) =>
        index < _entries.Count
            ? _entries[(int)index]
            : throw new LoaderException(LoaderError.NotRelocatable, _objectName, $"symbol index {index} is outside the symbol table");

    private LoaderException CommonSymbol(ElfSymbol symbol) =>
        new(LoaderError.CommonSymbol, _objectName,
            $"common symbol '{symbol.Name.Value}'; build with -fno-common as the kernel does");
}

namespace Tpsim.Emulator.Loading;

/// <summary>
/// An object placed in guest memory by <see cref="ObjectLoader"/>: where each section went, every
/// defined function and data symbol (locals included, so a static stub can be found), and the
/// executable ranges a code hook should cover.
/// </summary>
public sealed class LoadedObject
{
    internal LoadedObject(
        string name,
        ushort machine,
        ulong baseAddress,
        ulong size,
        IReadOnlyList<LoadedSection> sections,
        IReadOnlyList<MappedRegion> regions,
        IReadOnlyDictionary<string, ulong> symbols,
        IReadOnlyList<string> exportedSymbols)
    {
        Name = name;
        Machine = machine;
        Base = baseAddress;
        Size = size;
        Sections = sections;
        Regions = regions;
        Symbols = symbols;
        ExportedSymbols = exportedSymbols;
        ExecutableRanges = sections.Where(s => s.IsExecutable && s.Size > 0).Select(s => s.Range).ToList();
    }

    public string Name { get; }

    /// <summary>ELF e_machine of the object.</summary>
    public ushort Machine { get; }

    public ulong Base { get; }

    /// <summary>Bytes from <see cref="Base"/> to the end of the last mapped page.</summary>
    public ulong Size { get; }

    public AddressRange Range => new(Base, Base + Size);

    /// <summary>Allocatable sections in layout order: text, read-only data, writable data, .bss.</summary>
    public IReadOnlyList<LoadedSection> Sections { get; }

    /// <summary>The mappings made for the object, one per protection.</summary>
    public IReadOnlyList<MappedRegion> Regions { get; }

    /// <summary>Every defined function, object and (asm) untyped label, local or global, by name.</summary>
    public IReadOnlyDictionary<string, ulong> Symbols { get; }

    /// <summary>
    /// For a function symbol whose value is not its code, where the code starts: ppc64 ELFv1 function symbols are
    /// descriptors in .opd (<see cref="IRelocator.FunctionEntry"/>). Empty on the other ISAs.
    /// </summary>
    public IReadOnlyDictionary<string, ulong> FunctionEntries { get; init; } = new Dictionary<string, ulong>();

    /// <summary>The global and weak names this object added to the <see cref="SymbolTable"/>.</summary>
    public IReadOnlyList<string> ExportedSymbols { get; }

    /// <summary>Each non-empty executable section's range.</summary>
    public IReadOnlyList<AddressRange> ExecutableRanges { get; }

    /// <summary>False once <see cref="ObjectLoader.Unload"/> has unmapped the object.</summary>
    public bool IsLoaded { get; internal set; } = true;

    /// <summary>The address of <paramref name="name"/>; throws <see cref="LoaderException"/> (TPL010) naming this object when absent.</summary>
    public ulong Symbol(string name) =>
        Symbols.TryGetValue(name, out var address)
            ? address
            : throw new LoaderException(LoaderError.UnknownSymbol, Name, $"no symbol '{name}' in this object");

    public LoadedSection Section(string name) =>
        Sections.FirstOrDefault(s => s.Name == name)
            ?? throw new LoaderException(LoaderError.UnknownSymbol, Name, $"no allocatable section '{name}' in this object");

    public bool IsExecutable(ulong address) => ExecutableRanges.Any(r => r.Contains(address));

    public override string ToString() => $"{Name} @ 0x{Base:x} (+0x{Size:x})";
}

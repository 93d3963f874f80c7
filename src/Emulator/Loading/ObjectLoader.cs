using LibObjectFile.Elf;
using Tpsim.Emulator.Memory;

namespace Tpsim.Emulator.Loading;

/// <summary>
/// The simulator's module loader: places an ELF64 or ELF32 relocatable object (the format of a .ko),
/// little- or big-endian as its ISA is, at a page-aligned address, resolves its undefined symbols against a <see cref="SymbolTable"/>,
/// applies its relocations (RELA, or REL with addends read from the section as i386 uses) in a
/// managed image, maps text R+X, read-only data R and data R+W, writes the image once, and exports
/// its globals. Not thread-safe.
/// </summary>
public sealed class ObjectLoader
{
    private readonly IEmulatedMemory _memory;
    private readonly SymbolTable _symbols;
    private readonly List<LoadedObject> _loaded = [];

    public ObjectLoader(IEmulatedMemory memory, SymbolTable symbols)
    {
        _memory = memory;
        _symbols = symbols;
    }

    public SymbolTable Symbols => _symbols;

    /// <summary>What the local symbol of a call stub adds to the name of the symbol it reaches (<c>_mcount@stub</c>).</summary>
    public const string StubSuffix = "@stub";

    /// <summary>Objects loaded and not yet unloaded, in load order.</summary>
    public IReadOnlyList<LoadedObject> Loaded => _loaded;

    /// <summary>Loads <paramref name="elf"/> at <paramref name="baseAddress"/>; throws <see cref="LoaderException"/> and leaves memory and symbols unchanged on refusal.</summary>
    /// <param name="room">Bytes the object may take from <paramref name="baseAddress"/>; a larger one is refused (TPL017) before anything is mapped.</param>
    /// <param name="exportOnly">The globals other objects may resolve against (a .ko's exported symbols); null exports every global.</param>
    public LoadedObject Load(byte[] elf, string objectName, ulong baseAddress, IRelocator relocator, ulong? room = null, IReadOnlySet<string>? exportOnly = null)
    {
        ArgumentNullException.ThrowIfNull(elf);
        ArgumentException.ThrowIfNullOrEmpty(objectName);
        ArgumentNullException.ThrowIfNull(relocator);
        if (!Pages.IsAligned(baseAddress))
        {
            throw new LoaderException(LoaderError.MisalignedBase, objectName,
                $"load address 0x{baseAddress:x} is not 4 KiB aligned");
        }
        if (_loaded.Any(o => o.Name == objectName) || _symbols.HasOwner(objectName))
        {
            throw new LoaderException(LoaderError.DuplicateObject, objectName, "an object with this name is already loaded");
        }

        var file = RelocatableFile.Read(elf, objectName);
        var machine = (ushort)file.Arch.Value;
        if (machine != relocator.Machine)
        {
            throw new LoaderException(LoaderError.WrongMachine, objectName,
                $"object is for {file.Arch} ({machine}) but the relocator handles {relocator.MachineName} ({relocator.Machine})");
        }
        var elfClass = RelocatableFile.ClassBits(file);
        if (elfClass != relocator.ElfClass)
        {
            throw new LoaderException(LoaderError.WrongClass, objectName,
                $"object is ELF{elfClass} but the {relocator.MachineName} relocator handles ELF{relocator.ElfClass} objects");
        }

        var order = RelocatableFile.ByteOrder(file);
        if (order != relocator.ByteOrder)
        {
            throw new LoaderException(LoaderError.WrongByteOrder, objectName,
                $"object is {Describe(order)} but the {relocator.MachineName} relocator handles {Describe(relocator.ByteOrder)} objects");
        }

        var gotSymbols = GotSymbols(file, relocator);
        var stubSymbols = CallStubSymbols(file, relocator);
        var layout = SectionLayout.Plan(file, baseAddress, objectName, (ulong)gotSymbols.Count * 8, (ulong)(stubSymbols.Count * relocator.CallStubSize));
        if (room is { } limit && layout.Size > limit)
        {
            throw new LoaderException(LoaderError.TooLarge, objectName,
                $"the object needs {layout.Size} bytes ({layout.Size / 1024.0:0.#} KiB) of pages, more than the {limit / 1024} KiB it may take");
        }
        var symbols = new ObjectSymbols(file.Sections.OfType<ElfSymbolTable>().FirstOrDefault(), layout, _symbols, objectName, elf, relocator);
        var definitions = symbols.Definitions().ToList();
        var exports = definitions.Where(d => d.IsGlobal && (exportOnly is null || exportOnly.Contains(d.Name))).ToList();
        foreach (var export in exports)
        {
            _symbols.CheckDefinable(export.Name, objectName, export.IsWeak);
        }

        var image = new byte[layout.Size];
        CopyContents(elf, file, layout, image, baseAddress, objectName);
        var got = FillGot(gotSymbols, symbols, layout, image, baseAddress, order);
        var stubs = FillCallStubs(stubSymbols, symbols, layout, image, baseAddress, relocator);
        Relocate(file, layout, symbols, image, baseAddress, relocator, objectName, order, got, stubs);
        MapAndWrite(layout, image, baseAddress, objectName);

        foreach (var export in exports)
        {
            _symbols.Define(export.Name, export.Address, objectName, export.IsWeak);
        }
        var table = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            table.TryAdd(definition.Name, definition.Address);
        }
        foreach (var (index, stub) in stubs)
        {
            // A local name for the call stub, so a trace through it reads "_mcount@stub", not the function before it.
            table.TryAdd(symbols.NameOf(index) + StubSuffix, stub);
        }
        var loaded = new LoadedObject(objectName, machine, baseAddress, layout.Size, layout.Sections, layout.Regions,
            table, exports.Select(e => e.Name).Distinct().ToList())
        {
            FunctionEntries = FunctionEntries(definitions.Select(d => (d.Name, d.Address)), layout, image, baseAddress, relocator),
        };
        _loaded.Add(loaded);
        return loaded;
    }

    /// <summary>Unmaps the object's pages and withdraws its symbols; later guest accesses there fault.</summary>
    public void Unload(LoadedObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (!_loaded.Remove(obj))
        {
            throw new InvalidOperationException($"{obj.Name} is not loaded by this loader");
        }
        foreach (var region in obj.Regions)
        {
            _memory.Unmap(region.Address, region.Size);
        }
        _symbols.RemoveOwner(obj.Name);
        obj.IsLoaded = false;
    }

    private static void CopyContents(byte[] elf, ElfFile file, SectionLayout layout, byte[] image, ulong baseAddress, string objectName)
    {
        foreach (var section in file.Sections)
        {
            if (!layout.TryGet(section, out var placed) || placed.IsNoBits || placed.Size == 0)
            {
                continue;
            }
            // The original bytes at the section's file offset: one path for every section class LibObjectFile builds.
            if (section.Position + section.Size > (ulong)elf.Length)
            {
                throw new LoaderException(LoaderError.NotRelocatable, objectName,
                    $"section '{placed.Name}' extends past the end of the file");
            }
            elf.AsSpan((int)section.Position, (int)section.Size).CopyTo(image.AsSpan((int)(placed.Address - baseAddress)));
        }
    }

    /// <summary>The symbol indexes a GOT entry is made for, in first-use order (<see cref="IRelocator.NeedsGotEntry"/>).</summary>
    private static List<uint> GotSymbols(ElfFile file, IRelocator relocator) =>
        [.. file.Sections.OfType<ElfRelocationTable>().SelectMany(t => t.Entries).Where(e => relocator.NeedsGotEntry(e.Type.Value)).Select(e => e.SymbolIndex).Distinct()];

    /// <summary>Writes each GOT entry (the symbol's address, a word in the object's byte order); the entry of each symbol index.</summary>
    private static Dictionary<uint, ulong> FillGot(List<uint> gotSymbols, ObjectSymbols symbols, SectionLayout layout, byte[] image, ulong baseAddress, ByteOrder order)
    {
        var entries = new Dictionary<uint, ulong>();
        if (layout.Got is not { } got)
        {
            return entries;
        }
        for (var i = 0; i < gotSymbols.Count; i++)
        {
            var entry = got.Address + (ulong)(8 * i);
            MemoryWords.PutWord(image.AsSpan((int)(entry - baseAddress)), 8, symbols.AddressOf(gotSymbols[i]), order);
            entries[gotSymbols[i]] = entry;
        }
        return entries;
    }

    /// <summary>The undefined symbols a call stub is made for, in first-use order (<see cref="IRelocator.NeedsCallStub"/>).</summary>
    private static List<uint> CallStubSymbols(ElfFile file, IRelocator relocator)
    {
        if (relocator.CallStubSize == 0 || file.Sections.OfType<ElfSymbolTable>().FirstOrDefault() is not { } table)
        {
            return [];
        }
        return [.. file.Sections.OfType<ElfRelocationTable>().SelectMany(t => t.Entries)
            .Where(e => e.SymbolIndex != 0 && e.SymbolIndex < table.Entries.Count
                && table.Entries[(int)e.SymbolIndex] is { SectionLink: { IsSpecial: true, SpecialIndex: 0 } } symbol
                && !relocator.PerObjectSymbols.Contains(symbol.Name.Value ?? "")
                && relocator.NeedsCallStub(e.Type.Value, symbol.Name.Value ?? ""))
            .Select(e => e.SymbolIndex).Distinct()];
    }

    /// <summary>Writes each call stub (the relocator's code for the symbol's address) into the loader's stub section; the stub of each symbol index.</summary>
    private static Dictionary<uint, ulong> FillCallStubs(List<uint> stubSymbols, ObjectSymbols symbols, SectionLayout layout, byte[] image, ulong baseAddress, IRelocator relocator)
    {
        var stubs = new Dictionary<uint, ulong>();
        if (layout.Stubs is not { } section)
        {
            return stubs;
        }
        for (var i = 0; i < stubSymbols.Count; i++)
        {
            var stub = section.Address + (ulong)(relocator.CallStubSize * i);
            relocator.CallStub(stub, symbols.AddressOf(stubSymbols[i])).CopyTo(image.AsSpan((int)(stub - baseAddress)));
            stubs[stubSymbols[i]] = stub;
        }
        return stubs;
    }

    private void Relocate(ElfFile file, SectionLayout layout, ObjectSymbols symbols, byte[] image, ulong baseAddress, IRelocator relocator, string objectName, ByteOrder order,
        Dictionary<uint, ulong> got, Dictionary<uint, ulong> stubs)
    {
        // Stable: tables of equal order keep their file order.
        var tables = file.Sections.OfType<ElfRelocationTable>()
            .OrderBy(t => t.Info.Section is { } s ? relocator.RelocationOrder(s.Name.Value ?? "") : 0);
        foreach (var table in tables)
        {
            if (table.Info.Section is not { } target || !layout.TryGet(target, out var placed))
            {
                continue; // relocations of debug info and other unallocated sections
            }
            if (!table.IsRelocationWithAddends && !relocator.ReadsImplicitAddends)
            {
                throw new LoaderException(LoaderError.NotRelocatable, objectName,
                    $"'{table.Name.Value}' has no addends (SHT_REL); this ISA's objects use SHT_RELA");
            }
            var resolved = table.Entries
                .Select(e => new Relocation(e.Type.Value, e.Offset, placed.Address + e.Offset, symbols.AddressOf(e.SymbolIndex), e.Addend, symbols.NameOf(e.SymbolIndex))
                {
                    SymbolOther = symbols.OtherOf(e.SymbolIndex),
                })
                .ToArray();
            var bytes = placed.IsNoBits
                ? Span<byte>.Empty
                : image.AsSpan((int)(placed.Address - baseAddress), (int)placed.Size);
            if (!table.IsRelocationWithAddends)
            {
                ReadImplicitAddends(placed, bytes, resolved, relocator, objectName, order);
            }
            var entries = table.Entries;
            for (var i = 0; i < resolved.Length; i++)
            {
                var relocation = resolved[i];
                var context = new RelocationContext(objectName, placed.Name, bytes, resolved, relocation, relocator.TypeName(relocation.Type), order)
                {
                    ObjectSections = layout.Sections,
                    ObjectImage = image,
                    ObjectBase = baseAddress,
                    GuestMemory = _memory,
                    GotEntry = got.TryGetValue(entries[i].SymbolIndex, out var entry) && relocator.NeedsGotEntry(relocation.Type) ? entry : null,
                    GotBase = layout.Got?.Address,
                    CallStub = stubs.TryGetValue(entries[i].SymbolIndex, out var stub) && relocator.NeedsCallStub(relocation.Type, relocation.SymbolName) ? stub : null,
                };
                relocator.Apply(in context);
            }
        }
    }

    /// <summary>
    /// SHT_REL (i386): A is the field's own content. Every addend of the table is read before any of its
    /// entries is applied, so a field patched by one entry never feeds another's addend. Each section has
    /// one relocation table, so no other table has patched these bytes yet.
    /// </summary>
    private static void ReadImplicitAddends(LoadedSection placed, Span<byte> bytes, Relocation[] resolved, IRelocator relocator, string objectName, ByteOrder order)
    {
        var addends = new long[resolved.Length];
        for (var i = 0; i < resolved.Length; i++)
        {
            var context = new RelocationContext(objectName, placed.Name, bytes, resolved, resolved[i], relocator.TypeName(resolved[i].Type), order);
            addends[i] = relocator.ImplicitAddend(in context);
        }
        for (var i = 0; i < resolved.Length; i++)
        {
            resolved[i] = resolved[i] with { Addend = addends[i] };
        }
    }

    /// <summary>Code addresses of the symbols that are not their own code (ppc64 descriptors), as the relocator reads them.</summary>
    private static Dictionary<string, ulong> FunctionEntries(IEnumerable<(string Name, ulong Address)> definitions, SectionLayout layout, byte[] image, ulong baseAddress, IRelocator relocator)
    {
        var entries = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var (name, address) in definitions)
        {
            var section = layout.Sections.FirstOrDefault(s => !s.IsNoBits && s.Range.Contains(address));
            if (section is null)
            {
                continue;
            }
            var bytes = image.AsSpan((int)(section.Address - baseAddress), (int)section.Size);
            if (relocator.FunctionEntry(section.Name, bytes, address - section.Address) is { } code)
            {
                entries.TryAdd(name, code);
            }
        }
        return entries;
    }

    private void MapAndWrite(SectionLayout layout, byte[] image, ulong baseAddress, string objectName)
    {
        var mapped = new List<MappedRegion>();
        try
        {
            foreach (var region in layout.Regions)
            {
                // Unicorn 2.0.1's s390x fetches only from writable pages; see ExecutableMappings.
                _memory.Map(region.Address, region.Size, ExecutableMappings.Protection(_memory, region.Protection));
                mapped.Add(region);
            }
            if (image.Length > 0)
            {
                _memory.Write(baseAddress, image);
            }
        }
        catch (Exception ex) when (ex is not LoaderException)
        {
            foreach (var region in mapped)
            {
                _memory.Unmap(region.Address, region.Size);
            }
            throw new LoaderException(LoaderError.MappingFailed, objectName,
                $"cannot map 0x{baseAddress:x}..0x{baseAddress + layout.Size:x}: {ex.Message}", ex);
        }
    }

    private static string Describe(ByteOrder order) => order == ByteOrder.BigEndian ? "big-endian (ELFDATA2MSB)" : "little-endian (ELFDATA2LSB)";
}

using LibObjectFile.Elf;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Emulator.Loading;

/// <summary>
/// Where each allocatable section of an object goes, following the kernel's module layout: text,
/// then read-only data, then writable data and .bss, each group starting on its own page so the
/// three protections can differ.
/// </summary>
internal sealed class SectionLayout
{
    // The image is one managed array, and a .ko is megabytes at most.
    private const ulong MaxImageSize = 1UL << 30;

    private readonly Dictionary<ElfSection, LoadedSection> _placed;

    private SectionLayout(Dictionary<ElfSection, LoadedSection> placed, IReadOnlyList<LoadedSection> order, IReadOnlyList<MappedRegion> regions, ulong size)
    {
        _placed = placed;
        Sections = order;
        Regions = regions;
        Size = size;
    }

    public IReadOnlyList<LoadedSection> Sections { get; }

    /// <summary>The global offset table the loader added (<see cref="GotName"/>), or null.</summary>
    public LoadedSection? Got { get; private init; }

    /// <summary>The call stubs the loader added (<see cref="LoadedSection.CallStubsName"/>), or null.</summary>
    public LoadedSection? Stubs { get; private init; }

    public IReadOnlyList<MappedRegion> Regions { get; }

    /// <summary>Page-rounded size of the whole image.</summary>
    public ulong Size { get; }

    public bool TryGet(ElfSection section, out LoadedSection placed) => _placed.TryGetValue(section, out placed!);

    /// <summary>The name of the global offset table the loader adds to an object that needs one.</summary>
    public const string GotName = ".got (loader)";

    /// <param name="gotSize">Bytes of a global offset table to place after the read-only sections (0: none).</param>
    /// <param name="stubsSize">Bytes of call stubs to place after the text (0: none).</param>
    public static SectionLayout Plan(ElfFile file, ulong baseAddress, string objectName, ulong gotSize = 0, ulong stubsSize = 0)
    {
        SectionLayout layout;
        try
        {
            layout = PlanChecked(file, baseAddress, objectName, gotSize, stubsSize);
        }
        catch (OverflowException)
        {
            throw new LoaderException(LoaderError.MappingFailed, objectName,
                $"the object's sections do not fit between 0x{baseAddress:x} and the top of the address space");
        }
        // An ELF32 object's symbols, sections and relocated fields are 32-bit: it must lie below 4 GiB.
        var limit = RelocatableFile.AddressLimit(file);
        if (limit != 0 && (baseAddress >= limit || layout.Size > limit - baseAddress))
        {
            throw new LoaderException(LoaderError.OutsideAddressSpace, objectName,
                $"an ELF32 object must lie below 0x{limit:x}, but it would occupy 0x{baseAddress:x}..0x{baseAddress + layout.Size:x}");
        }
        return layout;
    }

    private static SectionLayout PlanChecked(ElfFile file, ulong baseAddress, string objectName, ulong gotSize, ulong stubsSize)
    {
        var placed = new Dictionary<ElfSection, LoadedSection>();
        var order = new List<LoadedSection>();
        var regions = new List<MappedRegion>();
        ulong cursor = baseAddress;
        LoadedSection? got = null;
        LoadedSection? stubs = null;
        foreach (var (groups, protection) in Groups)
        {
            var start = cursor;
            foreach (var section in groups.SelectMany(kind => file.Sections.Where(s => Classify(s, objectName) == kind)))
            {
                var alignment = Math.Max(1UL, section.VirtualAddressAlignment);
                if (!ulong.IsPow2(alignment))
                {
                    throw new LoaderException(LoaderError.NotRelocatable, objectName,
                        $"section '{section.Name.Value}' has alignment {alignment}, not a power of two");
                }
                var address = checked((cursor + alignment - 1) & ~(alignment - 1));
                var loaded = new LoadedSection(section.Name.Value ?? "", address, section.Size, alignment,
                    section.Flags.HasFlag(ElfSectionFlags.Write), section.Flags.HasFlag(ElfSectionFlags.Executable),
                    section.Type == ElfSectionType.NoBits);
                placed.Add(section, loaded);
                order.Add(loaded);
                cursor = checked(address + section.Size);
            }
            if (stubsSize > 0 && protection == (UcProt.Read | UcProt.Exec))
            {
                var address = checked((cursor + 15) & ~15UL);
                stubs = new LoadedSection(LoadedSection.CallStubsName, address, stubsSize, 16, false, true, false);
                order.Add(stubs);
                cursor = checked(address + stubsSize);
            }
            if (gotSize > 0 && protection == UcProt.Read)
            {
                // Read-only once the loader has filled it, like the kernel's RELRO GOT.
                var address = checked((cursor + 7) & ~7UL);
                got = new LoadedSection(GotName, address, gotSize, 8, false, false, false);
                order.Add(got);
                cursor = checked(address + gotSize);
            }
            cursor = checked(cursor + Pages.Size - 1) & ~(Pages.Size - 1);
            if (cursor > start)
            {
                regions.Add(new MappedRegion(start, cursor - start, protection));
            }
        }
        if (cursor - baseAddress > MaxImageSize)
        {
            throw new LoaderException(LoaderError.NotRelocatable, objectName,
                $"the object needs 0x{cursor - baseAddress:x} bytes; the loader builds images of at most 0x{MaxImageSize:x}");
        }
        return new SectionLayout(placed, order, regions, cursor - baseAddress) { Got = got, Stubs = stubs };
    }

    private enum Kind
    {
        NotAllocated,
        Text,
        ReadOnly,
        Data,
        Bss,
    }

    // .bss shares the data pages, after the initialised data, as in the kernel's module layout.
    private static readonly (Kind[] Kinds, UcProt Protection)[] Groups =
    [
        ([Kind.Text], UcProt.Read | UcProt.Exec),
        ([Kind.ReadOnly], UcProt.Read),
        ([Kind.Data, Kind.Bss], UcProt.Read | UcProt.Write),
    ];

    private static Kind Classify(ElfSection section, string objectName)
    {
        var flags = section.Flags;
        if (!flags.HasFlag(ElfSectionFlags.Alloc))
        {
            return Kind.NotAllocated;
        }
        if (flags.HasFlag(ElfSectionFlags.Tls))
        {
            throw new LoaderException(LoaderError.NotRelocatable, objectName,
                $"section '{section.Name.Value}' is thread-local; kernel modules have no TLS");
        }
        if (flags.HasFlag(ElfSectionFlags.Executable))
        {
            return Kind.Text;
        }
        if (!flags.HasFlag(ElfSectionFlags.Write))
        {
            return Kind.ReadOnly;
        }
        return section.Type == ElfSectionType.NoBits ? Kind.Bss : Kind.Data;
    }
}

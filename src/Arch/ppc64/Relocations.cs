using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;

namespace Tpsim.Arch.Ppc64;

/// <summary>
/// ppc64 ELFv1 relocations (64-bit PowerPC ELF ABI 1.9, "Relocation Types") as the kernel's module loader,
/// arch/powerpc/kernel/module_64.c, applies them. Objects are big-endian ELF64 with SHT_RELA tables.
/// <list type="bullet">
/// <item>The TOC: every object gets its own TOC base, <c>.TOC.</c> = its .toc section + 0x8000 (the module
/// loader's my_r2()); an object without .toc uses .got, else its first writable data section, else its first
/// section, where the kernel would use its .stubs section. R_PPC64_TOC (a descriptor's second doubleword) is
/// that base; the TOC16 family is S + A - .TOC. in the 16-bit field, signed for TOC16 and TOC16_DS and
/// split #lo/#hi/#ha (the carry-adjusted high half) for the others, the _DS forms keeping the low two bits
/// of the instruction.</item>
/// <item>Function descriptors: a function symbol is the address of its 24-byte descriptor in .opd, which
/// ADDR64 and TOC fill in. .opd is relocated first (<see cref="RelocationOrder"/>), so a branch (REL24, REL14)
/// whose target S + A lies in the object's own .opd goes to the entry the descriptor holds: how the linker
/// resolves `bl f` for a function f of the same object, which both compilers emit against .opd + offset for
/// a static function that is not inlined.</item>
/// <item>Calls into another object: an ELFv1 call to a function of another object must switch TOC. The kernel
/// builds a stub in the module's .stubs section that saves r2 at 40(r1), loads the callee's descriptor and
/// jumps, and turns the `nop` after the `bl` into `ld r2,40(r1)`. tpsim's loader builds no stubs, so a REL24
/// or REL14 whose target lies outside the object is refused, naming the reason; the harness reaches every
/// callee of another object through a descriptor (a function pointer), as the tracepoint iterator does. The
/// one exception is the ABI's register save and restore routines (<see cref="IsSaveRestoreRoutine"/>), which
/// use no TOC and are branched to directly, and a function whose descriptor's TOC doubleword is 0 (a function
/// that uses no TOC, such as tpsim's bridge slots), which is branched to at its entry.</item>
/// <item>Dot-symbols: GCC with -mcall-aixdesc (which the kernel passes) references <c>.f</c>, the ABI's name for
/// f's entry point, for a direct call to f. An undefined <c>.f</c> is looked up as f, as the kernel's dedotify()
/// does (<see cref="UndefinedSymbolName"/>), and the call then follows the rules above.</item>
/// <item>ELFv2 (<c>new Relocations(elfV2: true)</c>, a 6.12 kernel's objects, e_flags 2): no descriptors; a function
/// symbol is its global entry, which sets up r2 from r12, and st_other says how far in its local entry is (the one a
/// caller with the same TOC branches to). Each object references <c>.TOC.</c>, its own TOC base
/// (<see cref="PerObjectSymbols"/>). A REL24 to a function of the same object goes to its local entry; one to a symbol
/// the object does not define goes through a call stub, as the kernel's module loader makes them: <c>std r2,24(r1)</c>,
/// the target's address into r12 (the global entry's TOC base reads it), <c>mtctr r12; bctr</c>, and the <c>nop</c>
/// after the <c>bl</c> becomes <c>ld r2,24(r1)</c>. A call without that nop is refused, but for <c>_mcount</c>, which
/// GCC's -mprofile-kernel calls without one, through the stub's second word (no TOC save), and for the register save
/// and restore routines, which are branched to directly.</item>
/// <item>GOT, PLT, TLS, section-offset and dynamic types are refused by name: kernel code has no GOT or PLT. Neither
/// is R_PPC64_UADDR64/32: clang-19 writes ADDR64/32 even at unaligned places.</item>
/// </list>
/// </summary>
public sealed class Relocations(bool elfV2 = false) : IRelocator
{
    /// <summary>The TOC base every ELFv2 object references for itself.</summary>
    public const string TocSymbol = ".TOC.";

    /// <summary>std r2,24(r1), the address into r12, mtctr r12, bctr: 8 words.</summary>
    public const int StubSize = 32;

    private static readonly IReadOnlySet<string> ElfV2PerObject = new HashSet<string>(StringComparer.Ordinal) { TocSymbol };

    private static readonly IReadOnlySet<string> NoPerObject = new HashSet<string>();

    public IReadOnlySet<string> PerObjectSymbols => elfV2 ? ElfV2PerObject : NoPerObject;

    public ulong PerObjectSymbol(string name, IReadOnlyList<LoadedSection> sections) => TocBase(sections);

    /// <summary>ELFv2 calls into another object, but for the register save and restore routines, which are branched to directly.</summary>
    public bool NeedsCallStub(uint type, string symbol) =>
        elfV2 && (RelocationType)type == RelocationType.R_PPC64_REL24 && !IsSaveRestoreRoutine(symbol);

    public int CallStubSize => elfV2 ? StubSize : 0;

    public byte[] CallStub(ulong stub, ulong target) =>
        MachineCode.Bytes([MachineCode.SaveToc, .. MachineCode.LoadImmediate(12, target), .. MachineCode.JumpR12]);

    /// <summary>The ABI's bias of the TOC pointer: r2 points 0x8000 into the TOC, so a signed 16-bit offset spans 64 KiB of it.</summary>
    public const ulong TocBias = 0x8000;

    public ushort Machine => 21;

    public string MachineName => "EM_PPC64";

    public ByteOrder ByteOrder => ByteOrder.BigEndian;

    public string TypeName(uint type) =>
        Enum.IsDefined((RelocationType)type) ? ((RelocationType)type).ToString() : $"type {type}";

    /// <summary>Descriptors first: a branch to a descriptor reads the entry it holds.</summary>
    public int RelocationOrder(string sectionName) => sectionName == ".opd" ? -1 : 0;

    /// <summary>
    /// The TOC base of the object being loaded (see the class summary), as its R_PPC64_TOC relocations write it
    /// into descriptors and its TOC16 relocations count from it.
    /// </summary>
    public static ulong TocBase(IReadOnlyList<LoadedSection> sections)
    {
        var toc = sections.FirstOrDefault(s => s.Name == ".toc")
            ?? sections.FirstOrDefault(s => s.Name == ".got")
            ?? sections.FirstOrDefault(s => s.IsWritable)
            ?? sections.FirstOrDefault();
        return toc is null ? 0 : toc.Address + TocBias;
    }

    /// <summary>
    /// An undefined ELFv1 dot-symbol (<c>.foo</c>, the entry point of foo) is looked up as foo, like the kernel's
    /// dedotify(); a call to it then resolves through foo's descriptor (see <see cref="Apply"/>). <c>.TOC.</c> stays.
    /// </summary>
    public string UndefinedSymbolName(string name) =>
        name.Length > 1 && name[0] == '.' && name != ".TOC." ? name[1..] : name;

    /// <summary>A function symbol in .opd is a descriptor; its code starts at the descriptor's first doubleword.</summary>
    public ulong? FunctionEntry(string sectionName, ReadOnlySpan<byte> sectionBytes, ulong offset) =>
        sectionName == ".opd" && offset + 8 <= (ulong)sectionBytes.Length
            ? MemoryWords.GetWord(sectionBytes[(int)offset..], 8, ByteOrder.BigEndian)
            : null;

    public void Apply(in RelocationContext context)
    {
        var type = (RelocationType)context.Type;
        switch (type)
        {
            case RelocationType.R_PPC64_NONE:
                return;
            case RelocationType.R_PPC64_ADDR64:
                context.WriteUInt64(context.Absolute);
                return;
            case RelocationType.R_PPC64_ADDR32:
                context.CheckSignedOrUnsigned((long)context.Absolute, 32);
                context.WriteUInt32((uint)context.Absolute);
                return;
            case RelocationType.R_PPC64_ADDR16:
                context.CheckSigned((long)context.Absolute, 16);
                Half(context, context.Absolute);
                return;
            case RelocationType.R_PPC64_ADDR16_DS:
                context.CheckSigned((long)context.Absolute, 16);
                HalfDs(context, context.Absolute);
                return;
            case RelocationType.R_PPC64_ADDR16_LO:
                Half(context, Lo(context.Absolute));
                return;
            case RelocationType.R_PPC64_ADDR16_LO_DS:
                HalfDs(context, Lo(context.Absolute));
                return;
            case RelocationType.R_PPC64_ADDR16_HI:
                context.CheckSigned((long)context.Absolute, 32);
                Half(context, Hi(context.Absolute));
                return;
            case RelocationType.R_PPC64_ADDR16_HA:
                context.CheckSigned((long)context.Absolute + 0x8000, 32);
                Half(context, Ha(context.Absolute));
                return;
            case RelocationType.R_PPC64_ADDR16_HIGH:
                Half(context, Hi(context.Absolute));
                return;
            case RelocationType.R_PPC64_ADDR16_HIGHA:
                Half(context, Ha(context.Absolute));
                return;
            case RelocationType.R_PPC64_ADDR16_HIGHER:
                Half(context, context.Absolute >> 32);
                return;
            case RelocationType.R_PPC64_ADDR16_HIGHERA:
                // Adjusted for the sign of both lower halves, which the instructions after it add signed.
                Half(context, (context.Absolute + 0x8000_8000) >> 32);
                return;
            case RelocationType.R_PPC64_ADDR16_HIGHEST:
                Half(context, context.Absolute >> 48);
                return;
            case RelocationType.R_PPC64_ADDR16_HIGHESTA:
                Half(context, (context.Absolute + 0x8000_8000_8000) >> 48);
                return;
            case RelocationType.R_PPC64_REL16:
                context.CheckSigned(context.PcRelative, 16);
                Half(context, (ulong)context.PcRelative);
                return;
            case RelocationType.R_PPC64_REL16_LO:
                Half(context, Lo((ulong)context.PcRelative));
                return;
            case RelocationType.R_PPC64_REL16_HI:
                context.CheckSigned(context.PcRelative, 32);
                Half(context, Hi((ulong)context.PcRelative));
                return;
            case RelocationType.R_PPC64_REL16_HA:
                context.CheckSigned(context.PcRelative + 0x8000, 32);
                Half(context, Ha((ulong)context.PcRelative));
                return;
            case RelocationType.R_PPC64_REL32:
                context.CheckSigned(context.PcRelative, 32);
                context.WriteUInt32((uint)context.PcRelative);
                return;
            case RelocationType.R_PPC64_REL64:
                context.WriteUInt64((ulong)context.PcRelative);
                return;
            case RelocationType.R_PPC64_REL24 when elfV2:
                ElfV2Call(context);
                return;
            case RelocationType.R_PPC64_REL24:
                Branch(context, 26, 0x03ff_fffc);
                return;
            case RelocationType.R_PPC64_ENTRY or RelocationType.R_PPC64_TOCSAVE when elfV2:
                // Hints the linker may act on (a shorter global entry, a TOC save hoisted into a nop): the code works as compiled.
                return;
            case RelocationType.R_PPC64_REL14:
                Branch(context, 16, 0x0000_fffc);
                return;
            case RelocationType.R_PPC64_TOC:
                context.WriteUInt64(Toc(context));
                return;
            case RelocationType.R_PPC64_TOC16:
            {
                var value = TocRelative(context);
                context.CheckSigned(value, 16);
                Half(context, (ulong)value);
                return;
            }
            case RelocationType.R_PPC64_TOC16_DS:
            {
                var value = TocRelative(context);
                context.CheckSigned(value, 16);
                HalfDs(context, (ulong)value);
                return;
            }
            case RelocationType.R_PPC64_TOC16_LO:
                Half(context, Lo((ulong)TocRelative(context)));
                return;
            case RelocationType.R_PPC64_TOC16_LO_DS:
                HalfDs(context, Lo((ulong)TocRelative(context)));
                return;
            case RelocationType.R_PPC64_TOC16_HI:
            {
                var value = TocRelative(context);
                context.CheckSigned(value, 32);
                Half(context, Hi((ulong)value));
                return;
            }
            case RelocationType.R_PPC64_TOC16_HA:
            {
                var value = TocRelative(context);
                context.CheckSigned(value + 0x8000, 32);
                Half(context, Ha((ulong)value));
                return;
            }
            default:
                throw context.Unsupported();
        }
    }

    private static ulong Lo(ulong v) => v & 0xffff;

    private static ulong Hi(ulong v) => (v >> 16) & 0xffff;

    /// <summary>#ha: the high half adjusted for the sign of the low half, which the instruction adds signed.</summary>
    private static ulong Ha(ulong v) => ((v + 0x8000) >> 16) & 0xffff;

    /// <summary>A half16 field: the low 16 bits of the instruction word (its second halfword, big-endian).</summary>
    private static void Half(in RelocationContext context, ulong value) => context.WriteUInt16((ushort)value);

    /// <summary>A half16ds field: bits 2-15 of the value into the instruction's displacement, which must be a multiple of 4.</summary>
    private static void HalfDs(in RelocationContext context, ulong value)
    {
        context.CheckAlignment((long)value, 4);
        context.PatchBits(2, 0xfffc, value);
    }

    private static ulong Toc(in RelocationContext context)
    {
        if (context.ObjectSections.Count == 0)
        {
            throw context.Invalid("the object's sections are unknown, so it has no TOC base");
        }
        return TocBase(context.ObjectSections);
    }

    private static long TocRelative(in RelocationContext context) => unchecked((long)(context.Absolute - Toc(context)));

    /// <summary>
    /// A relative branch of <paramref name="bits"/> bits (word-aligned) to S + A: through the descriptor when the
    /// target is one of the object's own descriptors, refused when it lies outside the object.
    /// </summary>
    private static void Branch(in RelocationContext context, int bits, uint mask)
    {
        var target = context.Absolute;
        if (context.ObjectSections.Count > 0)
        {
            var sections = context.ObjectSections;
            var opd = sections.FirstOrDefault(s => s.Name == ".opd" && s.Range.Contains(target));
            if (opd is not null)
            {
                // The descriptor's first doubleword: relocated already, because .opd goes first.
                target = context.ReadObjectWord(target, 8);
            }
            else if (!sections.Any(s => s.Range.Contains(target)) && !IsSaveRestoreRoutine(context.Relocation.SymbolName))
            {
                // Another object's function: through its descriptor, if it is one of a function that uses no TOC.
                if (TocFreeEntry(context, target) is { } entry)
                {
                    target = entry;
                }
                else
                {
                    throw context.Invalid(
                    $"the branch target 0x{target:x} lies outside the object: an ELFv1 call into another object must switch TOC through "
                    + "a stub (the kernel's module loader builds one in .stubs and turns the following nop into ld r2,40(r1)), "
                    + "which tpsim does not build; call it through a function pointer (its descriptor) instead");
                }
            }
        }
        var displacement = unchecked((long)(target - context.P));
        context.CheckAlignment(displacement, 4);
        context.CheckSigned(displacement, bits);
        context.PatchBits(4, mask, (ulong)displacement);
    }

    /// <summary>
    /// An ELFv2 bl: to the local entry of a function of the object (st_other bits 5-7, the ABI's
    /// PPC64_LOCAL_ENTRY_OFFSET), or through the symbol's call stub, turning the following nop into the TOC restore.
    /// </summary>
    private static void ElfV2Call(in RelocationContext context)
    {
        ulong target;
        if (IsSaveRestoreRoutine(context.Relocation.SymbolName))
        {
            // Called before the frame exists and without a nop: TOC-free code, branched to directly, as ELFv1 does.
            target = context.Absolute;
        }
        else if (context.CallStub is { } stub)
        {
            var next = context.SectionBytesAfter(4) >= 4 ? context.ReadUInt32(4) : 0u;
            if (next == MachineCode.Nop)
            {
                context.WriteUInt32(MachineCode.RestoreToc, 4);
                target = stub;
            }
            else if (context.Relocation.SymbolName == "_mcount")
            {
                target = stub + 4;
            }
            else
            {
                throw context.Invalid(
                    $"the call to '{context.Relocation.SymbolName}', which another object defines, is not followed by a nop (0x{next:x8}): "
                    + "an ELFv2 call into another object needs that slot to restore r2 from 24(r1), as the kernel's module loader requires");
            }
        }
        else
        {
            target = unchecked(context.Absolute + LocalEntryOffset(context.Relocation.SymbolOther));
        }
        var displacement = unchecked((long)(target - context.P));
        context.CheckAlignment(displacement, 4);
        context.CheckSigned(displacement, 26);
        context.PatchBits(4, 0x03ff_fffc, (ulong)displacement);
    }

    /// <summary>Bytes from a function's global entry to its local entry, from st_other bits 5-7 (ELFv2 ABI, "Symbol Values").</summary>
    public static ulong LocalEntryOffset(byte other)
    {
        var code = (other >> 5) & 7;
        return code < 2 ? 0UL : (1UL << code) >> 2 << 2;
    }

    /// <summary>
    /// The entry of the function descriptor at <paramref name="descriptor"/> in already loaded guest memory when its
    /// TOC doubleword is 0, the mark of code that uses no TOC (tpsim's bridge slots): a direct branch reaches it,
    /// and the `nop` after the call can stay, because nothing changes r2. Null otherwise.
    /// </summary>
    private static ulong? TocFreeEntry(in RelocationContext context, ulong descriptor)
    {
        if (context.GuestMemory is not { } memory)
        {
            return null;
        }
        var words = new byte[24];
        try
        {
            memory.Read(descriptor, words);
        }
        catch (Exception ex) when (ex is Emulator.Unicorn.UnicornException)
        {
            return null;
        }
        var entry = MemoryWords.GetWord(words, 8, ByteOrder.BigEndian);
        var toc = MemoryWords.GetWord(words.AsSpan(8), 8, ByteOrder.BigEndian);
        return toc == 0 && entry != 0 ? entry : null;
    }

    /// <summary>
    /// The ABI's out-of-line register save and restore routines (_savegpr0_N, _restgpr1_N, ...; ABI 3.5.5): plain
    /// code that uses no TOC, reached by a direct bl or b from any object, as the kernel links crtsavres.o into
    /// every module (tpsim loads its own, crtsavres.S, ahead of the other objects).
    /// </summary>
    public static bool IsSaveRestoreRoutine(string symbol) =>
        symbol.StartsWith("_savegpr", StringComparison.Ordinal) || symbol.StartsWith("_restgpr", StringComparison.Ordinal)
        || symbol.StartsWith("_savefpr", StringComparison.Ordinal) || symbol.StartsWith("_restfpr", StringComparison.Ordinal)
        || symbol.StartsWith("_savevr", StringComparison.Ordinal) || symbol.StartsWith("_restvr", StringComparison.Ordinal);

    /// <summary>r_type values of the 64-bit PowerPC ELF ABI; the names double as the diagnostic text.</summary>
    private enum RelocationType : uint
    {
        R_PPC64_NONE = 0,
        R_PPC64_ADDR32 = 1,
        R_PPC64_ADDR24 = 2,
        R_PPC64_ADDR16 = 3,
        R_PPC64_ADDR16_LO = 4,
        R_PPC64_ADDR16_HI = 5,
        R_PPC64_ADDR16_HA = 6,
        R_PPC64_ADDR14 = 7,
        R_PPC64_ADDR14_BRTAKEN = 8,
        R_PPC64_ADDR14_BRNTAKEN = 9,
        R_PPC64_REL24 = 10,
        R_PPC64_REL14 = 11,
        R_PPC64_REL14_BRTAKEN = 12,
        R_PPC64_REL14_BRNTAKEN = 13,
        R_PPC64_GOT16 = 14,
        R_PPC64_GOT16_LO = 15,
        R_PPC64_GOT16_HI = 16,
        R_PPC64_GOT16_HA = 17,
        R_PPC64_COPY = 19,
        R_PPC64_GLOB_DAT = 20,
        R_PPC64_JMP_SLOT = 21,
        R_PPC64_RELATIVE = 22,
        R_PPC64_UADDR32 = 24,
        R_PPC64_UADDR16 = 25,
        R_PPC64_REL32 = 26,
        R_PPC64_PLT32 = 27,
        R_PPC64_PLTREL32 = 28,
        R_PPC64_PLT16_LO = 29,
        R_PPC64_PLT16_HI = 30,
        R_PPC64_PLT16_HA = 31,
        R_PPC64_SECTOFF = 33,
        R_PPC64_SECTOFF_LO = 34,
        R_PPC64_SECTOFF_HI = 35,
        R_PPC64_SECTOFF_HA = 36,
        R_PPC64_ADDR30 = 37,
        R_PPC64_ADDR64 = 38,
        R_PPC64_ADDR16_HIGHER = 39,
        R_PPC64_ADDR16_HIGHERA = 40,
        R_PPC64_ADDR16_HIGHEST = 41,
        R_PPC64_ADDR16_HIGHESTA = 42,
        R_PPC64_UADDR64 = 43,
        R_PPC64_REL64 = 44,
        R_PPC64_PLT64 = 45,
        R_PPC64_PLTREL64 = 46,
        R_PPC64_TOC16 = 47,
        R_PPC64_TOC16_LO = 48,
        R_PPC64_TOC16_HI = 49,
        R_PPC64_TOC16_HA = 50,
        R_PPC64_TOC = 51,
        R_PPC64_PLTGOT16 = 52,
        R_PPC64_PLTGOT16_LO = 53,
        R_PPC64_PLTGOT16_HI = 54,
        R_PPC64_PLTGOT16_HA = 55,
        R_PPC64_ADDR16_DS = 56,
        R_PPC64_ADDR16_LO_DS = 57,
        R_PPC64_GOT16_DS = 58,
        R_PPC64_GOT16_LO_DS = 59,
        R_PPC64_PLT16_LO_DS = 60,
        R_PPC64_SECTOFF_DS = 61,
        R_PPC64_SECTOFF_LO_DS = 62,
        R_PPC64_TOC16_DS = 63,
        R_PPC64_TOC16_LO_DS = 64,
        R_PPC64_PLTGOT16_DS = 65,
        R_PPC64_PLTGOT16_LO_DS = 66,
        R_PPC64_TLS = 67,
        R_PPC64_DTPMOD64 = 68,
        R_PPC64_TPREL16 = 69,
        R_PPC64_TPREL16_LO = 70,
        R_PPC64_TPREL16_HI = 71,
        R_PPC64_TPREL16_HA = 72,
        R_PPC64_TPREL64 = 73,
        R_PPC64_DTPREL16 = 74,
        R_PPC64_DTPREL16_LO = 75,
        R_PPC64_DTPREL16_HI = 76,
        R_PPC64_DTPREL16_HA = 77,
        R_PPC64_DTPREL64 = 78,
        R_PPC64_GOT_TLSGD16 = 79,
        R_PPC64_GOT_TLSGD16_LO = 80,
        R_PPC64_GOT_TLSGD16_HI = 81,
        R_PPC64_GOT_TLSGD16_HA = 82,
        R_PPC64_GOT_TLSLD16 = 83,
        R_PPC64_GOT_TLSLD16_LO = 84,
        R_PPC64_GOT_TLSLD16_HI = 85,
        R_PPC64_GOT_TLSLD16_HA = 86,
        R_PPC64_GOT_TPREL16_DS = 87,
        R_PPC64_GOT_TPREL16_LO_DS = 88,
        R_PPC64_GOT_TPREL16_HI = 89,
        R_PPC64_GOT_TPREL16_HA = 90,
        R_PPC64_GOT_DTPREL16_DS = 91,
        R_PPC64_GOT_DTPREL16_LO_DS = 92,
        R_PPC64_GOT_DTPREL16_HI = 93,
        R_PPC64_GOT_DTPREL16_HA = 94,
        R_PPC64_TPREL16_DS = 95,
        R_PPC64_TPREL16_LO_DS = 96,
        R_PPC64_TPREL16_HIGHER = 97,
        R_PPC64_TPREL16_HIGHERA = 98,
        R_PPC64_TPREL16_HIGHEST = 99,
        R_PPC64_TPREL16_HIGHESTA = 100,
        R_PPC64_DTPREL16_DS = 101,
        R_PPC64_DTPREL16_LO_DS = 102,
        R_PPC64_DTPREL16_HIGHER = 103,
        R_PPC64_DTPREL16_HIGHERA = 104,
        R_PPC64_DTPREL16_HIGHEST = 105,
        R_PPC64_DTPREL16_HIGHESTA = 106,
        R_PPC64_TLSGD = 107,
        R_PPC64_TLSLD = 108,
        R_PPC64_TOCSAVE = 109,
        R_PPC64_ADDR16_HIGH = 110,
        R_PPC64_ADDR16_HIGHA = 111,
        R_PPC64_TPREL16_HIGH = 112,
        R_PPC64_TPREL16_HIGHA = 113,
        R_PPC64_DTPREL16_HIGH = 114,
        R_PPC64_DTPREL16_HIGHA = 115,
        R_PPC64_REL24_NOTOC = 116,
        R_PPC64_ADDR64_LOCAL = 117,
        R_PPC64_ENTRY = 118,
        R_PPC64_JMP_IREL = 247,
        R_PPC64_IRELATIVE = 248,
        R_PPC64_REL16 = 249,
        R_PPC64_REL16_LO = 250,
        R_PPC64_REL16_HI = 251,
        R_PPC64_REL16_HA = 252,
    }
}

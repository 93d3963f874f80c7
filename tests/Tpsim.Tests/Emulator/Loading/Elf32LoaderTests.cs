using LibObjectFile.Elf;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Emulator.Loading;

/// <summary>
/// What ELF32 adds to the loader: SHT_REL tables whose addends live in the fields (i386), SHT_RELA in
/// ELF32 (x32 objects), the class check against the relocator, and the 4 GiB ceiling of 32-bit addresses.
/// </summary>
public sealed class Elf32LoaderTests : IClassFixture<TempCache>
{
    private readonly TempCache _cache;

    public Elf32LoaderTests(TempCache cache) => _cache = cache;

    /// <summary>x86_64's fixtures built for the x32 ABI: ELF32 objects with SHT_RELA and EM_X86_64.</summary>
    private static readonly ToolchainSettings X32Toolchain = new(
        "x86_64-unknown-linux-gnux32",
        ["-O2", "-ffreestanding", "-fno-pic", "-fno-asynchronous-unwind-tables", "-fno-stack-protector", "-nostdinc", "-mno-red-zone"],
        ["-ffreestanding", "-fno-pic", "-nostdinc"]);

    [Fact]
    public void I386_objects_are_elf32_with_rel_tables_as_llvm_readelf_sees_them()
    {
        using var h = new LoadHarness(IsaUnderTest.I386, _cache.Compiler);
        var elf = h.Compile("relocs.S");

        var header = ReadElf.Run("-h", elf);
        Assert.Matches(@"Class:\s+ELF32", header);
        Assert.Matches(@"Type:\s+REL \(Relocatable file\)", header);
        Assert.Contains("Relocation section '.rel.text'", ReadElf.Relocations(elf));
        Assert.DoesNotContain(".rela.", ReadElf.Relocations(elf));
    }

    [Fact]
    public void Rel_addends_are_read_from_the_fields_before_any_is_patched()
    {
        // The jump table's .rodata entries are R_386_32 against the section symbol .text, each addend the
        // offset of its case; running every case proves each entry got S + its own implicit addend.
        using var h = new LoadHarness(IsaUnderTest.I386, _cache.Compiler);
        h.LoadHelper();
        var obj = h.LoadFixture("relocs.c");
        var expected = new ulong[] { 52, 126, 37, 42 ^ 0x55, 168, 42 | 0x100, 0 };
        for (var selector = 0; selector < expected.Length; selector++)
        {
            h.Engine.Write(obj.Symbol("c_selector"), BitConverter.GetBytes(selector));
            Assert.Equal(expected[selector], h.Call(obj.Symbol("c_jump")));
        }
    }

    [Fact]
    public void I386_relocation_type_without_an_elf_name_is_reported_by_number()
    {
        using var h = new LoadHarness(IsaUnderTest.I386, _cache.Compiler);
        h.LoadHelper();
        var elf = h.Compile("relocs.S");
        var table = RelocationTable(elf, ".rel.text");
        elf[(int)table.Position + 4] = 250; // r_info's low byte is r_type in Elf32_Rel
        Assert.Matches(@"^00000001\s+[0-9a-f]{6}fa\s+Unknown\s+[0-9a-f]+\s+helper_value$", ReadElf.Relocations(elf).Split('\n').First(l => l.StartsWith("00000001", StringComparison.Ordinal)).TrimEnd());

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "relocs.o", h.Isa.FixtureBase, h.Isa.Relocator));

        Assert.Equal(LoaderError.UnknownRelocation, ex.Error);
        Assert.Contains("relocs.o: unsupported relocation type 250 against 'helper_value' at .text+0x1", ex.Message);
        Assert.False(h.Engine.TryRead(h.Isa.FixtureBase, new byte[1]));
    }

    [Fact]
    public void Elf32_object_for_a_64_bit_relocator_is_refused_naming_both_classes()
    {
        using var h = new LoadHarness(IsaUnderTest.X86_64, _cache.Compiler);
        var elf = _cache.Compiler.Compile(X32Toolchain, SourceLanguage.Asm, File.ReadAllText(LoadHarness.FixturePath("x86_64", "helper.S")), "helper.S");
        Assert.Matches(@"Class:\s+ELF32", ReadElf.Run("-h", elf));

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "helper.o", h.Isa.HelperBase, h.Isa.Relocator));

        Assert.Equal(LoaderError.WrongClass, ex.Error);
        Assert.Equal("TPL014", ex.Id);
        Assert.Equal("helper.o: object is ELF32 but the EM_X86_64 relocator handles ELF64 objects [TPL014]", ex.Message);
        Assert.False(h.Engine.TryRead(h.Isa.HelperBase, new byte[1]));
        Assert.Null(h.Symbols.OwnerOf("helper_fn"));
    }

    [Fact]
    public void Elf64_object_for_the_i386_relocator_is_the_wrong_machine()
    {
        using var x86 = new LoadHarness(IsaUnderTest.X86_64, _cache.Compiler);
        using var i386 = new LoadHarness(IsaUnderTest.I386, _cache.Compiler);
        var elf = x86.Compile("helper.S");

        var ex = Assert.Throws<LoaderException>(() => i386.Loader.Load(elf, "helper.o", i386.Isa.HelperBase, i386.Isa.Relocator));

        Assert.Equal(LoaderError.WrongMachine, ex.Error);
        Assert.Contains("(62)", ex.Message);
        Assert.Contains("EM_386 (3)", ex.Message);
    }

    [Fact]
    public void Elf32_rela_tables_are_applied_with_their_explicit_addends()
    {
        // x32 objects: ELF32 and SHT_RELA, run in 64-bit mode below 4 GiB by a relocator that accepts ELF32.
        var x32 = IsaUnderTest.X86_64 with
        {
            Toolchain = X32Toolchain,
            Relocator = new Elf32Rela(new global::Tpsim.Arch.X86_64.Relocations()),
            FixtureBase = 0x4000_0000,
            HelperBase = 0x4001_0000,
        };
        using var h = new LoadHarness(x32, _cache.Compiler);
        h.LoadHelper();
        var elf = h.Compile("relocs.S");
        Assert.Contains("Relocation section '.rela.text'", ReadElf.Relocations(elf));
        var obj = h.Loader.Load(elf, "relocs.o", x32.FixtureBase, x32.Relocator);
        var hv = h.Symbols.Resolve("helper_value");

        Assert.Equal(hv + 8, h.Call(obj.Symbol("r_64")));
        Assert.Equal(hv + 16, h.Call(obj.Symbol("r_pc32")));
        Assert.Equal(42UL, h.Call(obj.Symbol("r_plt32")));
        Assert.Equal(hv + 24, h.Call(obj.Symbol("r_32s")));
        Assert.Equal(hv - obj.Symbol("d_pc64"), h.ReadUnsigned(obj.Symbol("d_pc64"), 8));
    }

    [Fact]
    public void Elf32_object_ending_exactly_at_4_GiB_loads_and_runs()
    {
        using var h = new LoadHarness(IsaUnderTest.I386, _cache.Compiler);
        var elf = h.Compile("helper.S");

        var helper = h.Loader.Load(elf, "helper.o", 0xffff_e000, h.Isa.Relocator);

        Assert.Equal(1UL << 32, helper.Range.End);
        Assert.Equal(42UL, h.Call(helper.Symbol("helper_fn")));
    }

    [Theory]
    [InlineData(0xffff_f000UL)]
    [InlineData(0x1_0000_0000UL)]
    [InlineData(0xffff_ffff_8000_0000UL)]
    public void Elf32_object_at_or_above_4_GiB_is_refused(ulong at)
    {
        using var h = new LoadHarness(IsaUnderTest.I386, _cache.Compiler);
        var elf = h.Compile("helper.S");

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "helper.o", at, h.Isa.Relocator));

        Assert.Equal(LoaderError.OutsideAddressSpace, ex.Error);
        Assert.Equal("TPL015", ex.Id);
        Assert.StartsWith($"helper.o: an ELF32 object must lie below 0x100000000, but it would occupy 0x{at:x}..", ex.Message);
        Assert.Empty(h.Loader.Loaded);
        Assert.Null(h.Symbols.OwnerOf("helper_fn"));
    }

    [Fact]
    public void I386_relocator_reads_sign_extended_implicit_addends_and_refuses_unknown_types()
    {
        var relocator = IsaUnderTest.I386.Relocator;
        Assert.True(relocator.ReadsImplicitAddends);
        Assert.Equal(32, relocator.ElfClass);
        Assert.False(IsaUnderTest.X86_64.Relocator.ReadsImplicitAddends);
        Assert.Equal(64, IsaUnderTest.Arm64.Relocator.ElfClass);

        Assert.Equal(-4L, Addend(relocator, 2, [0xfc, 0xff, 0xff, 0xff])); // R_386_PC32, a call's -4
        Assert.Equal(-16L, Addend(relocator, 20, [0xf0, 0xff]));           // R_386_16
        Assert.Equal(0x7fL, Addend(relocator, 22, [0x7f]));                // R_386_8
        Assert.Equal(-1L, Addend(relocator, 23, [0xff]));                  // R_386_PC8
        var ex = Assert.Throws<LoaderException>(() => Addend(relocator, 10, [0, 0, 0, 0]));
        Assert.Equal(LoaderError.UnknownRelocation, ex.Error);
        Assert.Contains("R_386_GOTPC (type 10)", ex.Message);
    }

    private static long Addend(IRelocator relocator, uint type, byte[] field)
    {
        var relocation = new Relocation(type, 0, 0x1000, 0, 0, "probe");
        var context = new RelocationContext("probe.o", ".text", field, [relocation], relocation, relocator.TypeName(type));
        return relocator.ImplicitAddend(in context);
    }

    private static ElfRelocationTable RelocationTable(byte[] elf, string name)
    {
        using var stream = new MemoryStream(elf, writable: false);
        var file = ElfFile.Read(stream, new ElfReaderOptions());
        return file.Sections.OfType<ElfRelocationTable>().Single(s => s.Name.Value == name);
    }

    /// <summary>A 64-bit relocator that accepts ELF32 objects, as an x32 module loader would.</summary>
    private sealed class Elf32Rela(IRelocator inner) : IRelocator
    {
        public ushort Machine => inner.Machine;

        public string MachineName => inner.MachineName;

        public int ElfClass => 32;

        public string TypeName(uint type) => inner.TypeName(type);

        public void Apply(in RelocationContext context) => inner.Apply(in context);
    }
}

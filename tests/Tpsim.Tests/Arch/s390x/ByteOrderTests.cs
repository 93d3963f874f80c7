using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Arch.S390x;

/// <summary>
/// Byte order through the stack: machine words, relocation fields, and the loader's check that an
/// object's ELF data encoding is its relocator's. The little-endian overloads keep their meaning.
/// </summary>
public sealed class ByteOrderTests : IClassFixture<TempCache>
{
    private readonly TempCache _cache;

    public ByteOrderTests(TempCache cache) => _cache = cache;

    [Theory]
    [InlineData(1, "88")]
    [InlineData(2, "7788")]
    [InlineData(4, "55667788")]
    [InlineData(8, "1122334455667788")]
    public void Words_are_written_and_read_in_either_order(int size, string bigEndianHex)
    {
        const ulong value = 0x1122334455667788;
        var big = new byte[size];
        var little = new byte[size];
        MemoryWords.PutWord(big, size, value, ByteOrder.BigEndian);
        MemoryWords.PutWord(little, size, value, ByteOrder.LittleEndian);

        Assert.Equal(bigEndianHex, Convert.ToHexString(big).ToLowerInvariant());
        Assert.Equal(big.Reverse(), little);
        var low = size == 8 ? value : value & ((1UL << (8 * size)) - 1);
        Assert.Equal(low, MemoryWords.GetWord(big, size, ByteOrder.BigEndian));
        Assert.Equal(low, MemoryWords.GetWord(little, size, ByteOrder.LittleEndian));
        // The overloads without an order are little-endian, as before big-endian ISAs.
        Assert.Equal(low, MemoryWords.GetWord(little, size));
    }

    [Fact]
    public void Guest_words_follow_the_order_asked_for()
    {
        var memory = new FlatMemory();
        memory.WriteWord(0x10, 8, 0x0102030405060708, ByteOrder.BigEndian);
        memory.WriteWord(0x20, 4, 0x0a0b0c0d);
        memory.WriteWord(0x30, 4, 0x0a0b0c0d, ByteOrder.BigEndian);

        Assert.Equal("0102030405060708", memory.Hex(0x10, 8));
        Assert.Equal("0d0c0b0a", memory.Hex(0x20, 4));
        Assert.Equal("0a0b0c0d", memory.Hex(0x30, 4));
        Assert.Equal(0x0102030405060708UL, memory.ReadWord(0x10, 8, ByteOrder.BigEndian));
        Assert.Equal(0x0807060504030201UL, memory.ReadWord(0x10, 8));
        Assert.Equal(0x0a0b0c0dUL, memory.ReadWord(0x20, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => memory.ReadWord(0x10, 3, ByteOrder.BigEndian));
    }

    [Fact]
    public void A_big_endian_relocation_context_reads_and_patches_fields_most_significant_byte_first()
    {
        var section = new byte[16];
        section[2] = 0x12;
        section[3] = 0x34;
        var relocation = new Relocation(19, 2, 0x1002, 0, 0, "sym");
        var context = new RelocationContext("x.o", ".text", section, [relocation], relocation, "R_390_PC32DBL", ByteOrder.BigEndian);

        Assert.Equal(ByteOrder.BigEndian, context.ByteOrder);
        Assert.Equal((ushort)0x1234, context.ReadUInt16());
        context.WriteUInt32(0xcafef00d);
        Assert.Equal("cafef00d", Convert.ToHexString(section, 2, 4).ToLowerInvariant());
        context.WriteUInt64(0x0102030405060708, delta: 6);
        Assert.Equal("0102030405060708", Convert.ToHexString(section, 8, 8).ToLowerInvariant());
        // A 20-bit long displacement: DL in bits 16-27 and DH in bits 8-15 of the word, the rest kept.
        context.PatchBits(4, 0x0fff_ff00, 0x0fff_ff00 & 0x0abc_de00, delta: 0);
        Assert.Equal("cabcde0d", Convert.ToHexString(section, 2, 4).ToLowerInvariant());
    }

    [Fact]
    public void The_six_argument_relocation_context_stays_little_endian()
    {
        var section = new byte[4];
        var relocation = new Relocation(1, 0, 0x1000, 0, 0, "sym");
        var context = new RelocationContext("x.o", ".data", section, [relocation], relocation, "R_X86_64_64");

        context.WriteUInt32(0x11223344);

        Assert.Equal(ByteOrder.LittleEndian, context.ByteOrder);
        Assert.Equal("44332211", Convert.ToHexString(section).ToLowerInvariant());
    }

    [Fact]
    public void A_big_endian_object_for_a_little_endian_relocator_is_refused_naming_both_orders()
    {
        using var h = new S390xLoadHarness(_cache.Compiler);
        var elf = h.Compile("helper.S");
        var littleEndianS390 = new WithByteOrder(h.Isa.Relocator, ByteOrder.LittleEndian);

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "helper.o", h.Isa.HelperBase, littleEndianS390));

        Assert.Equal(LoaderError.WrongByteOrder, ex.Error);
        Assert.Equal("TPL016", ex.Id);
        Assert.Equal("helper.o: object is big-endian (ELFDATA2MSB) but the EM_S390 relocator handles little-endian (ELFDATA2LSB) objects [TPL016]", ex.Message);
        Assert.False(h.Engine.TryRead(h.Isa.HelperBase, new byte[1]));
        Assert.Null(h.Symbols.OwnerOf("helper_fn"));
    }

    [Fact]
    public void A_little_endian_object_for_a_big_endian_relocator_is_refused()
    {
        using var h = new LoadHarness(IsaUnderTest.X86_64, _cache.Compiler);
        var elf = h.Compile("helper.S");
        var bigEndianX86 = new WithByteOrder(h.Isa.Relocator, ByteOrder.BigEndian);

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "helper.o", h.Isa.HelperBase, bigEndianX86));

        Assert.Equal(LoaderError.WrongByteOrder, ex.Error);
        Assert.Contains("object is little-endian (ELFDATA2LSB) but the EM_X86_64 relocator handles big-endian (ELFDATA2MSB) objects", ex.Message);
        Assert.Empty(h.Loader.Loaded);
    }

    [Fact]
    public void A_little_endian_x86_64_object_for_the_s390x_relocator_is_the_wrong_machine()
    {
        using var x86 = new LoadHarness(IsaUnderTest.X86_64, _cache.Compiler);
        using var h = new S390xLoadHarness(_cache.Compiler);
        var elf = x86.Compile("helper.S");

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "helper.o", h.Isa.HelperBase, h.Isa.Relocator));

        Assert.Equal(LoaderError.WrongMachine, ex.Error);
        Assert.Contains("EM_S390 (22)", ex.Message);
    }

    [Fact]
    public void Every_relocator_states_the_byte_order_of_its_objects()
    {
        Assert.Equal(ByteOrder.BigEndian, IsaUnderTest.S390x.Relocator.ByteOrder);
        foreach (var name in new[] { "x86_64", "arm64", "riscv64", "i386" })
        {
            Assert.Equal(ByteOrder.LittleEndian, IsaUnderTest.ByName(name).Relocator.ByteOrder);
        }
    }

    /// <summary>A relocator that claims another byte order than the one it wraps.</summary>
    private sealed class WithByteOrder(IRelocator inner, ByteOrder order) : IRelocator
    {
        public ushort Machine => inner.Machine;

        public string MachineName => inner.MachineName;

        public ByteOrder ByteOrder => order;

        public string TypeName(uint type) => inner.TypeName(type);

        public void Apply(in RelocationContext context) => inner.Apply(in context);
    }

    /// <summary>64 KiB of flat memory.</summary>
    private sealed class FlatMemory : IEmulatedMemory
    {
        private readonly byte[] _bytes = new byte[0x10000];

        public void Map(ulong address, ulong size, UcProt protection) { }

        public void Unmap(ulong address, ulong size) { }

        public void Protect(ulong address, ulong size, UcProt protection) { }

        public void Write(ulong address, ReadOnlySpan<byte> bytes) => bytes.CopyTo(_bytes.AsSpan((int)address));

        public void Read(ulong address, Span<byte> bytes) => _bytes.AsSpan((int)address, bytes.Length).CopyTo(bytes);

        public string Hex(ulong address, int length) => Convert.ToHexString(_bytes, (int)address, length).ToLowerInvariant();
    }
}

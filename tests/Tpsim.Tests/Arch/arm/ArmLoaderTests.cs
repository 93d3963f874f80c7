using System.Buffers.Binary;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Arch.Arm;

/// <summary>
/// The loader on 32-bit Arm objects (ELF32, SHT_REL, EM_ARM), in ARM and Thumb-2 code: the shared layout and
/// refusal checks run for "arm", every implemented type is claimed by a case in <see cref="RelocationCases"/>,
/// and what the relocator refuses it names (GOT, short Thumb branches, branches that would have to change state).
/// </summary>
public sealed class ArmLoaderTests : IClassFixture<TempCache>
{
    private readonly TempCache _cache;

    public ArmLoaderTests(TempCache cache) => _cache = cache;

    private LoadHarness Harness() => new(IsaUnderTest.Arm, _cache.Compiler);

    [Fact]
    public void Shared_layout_checks_hold_for_arm()
    {
        var layout = new LayoutTests(_cache);
        layout.Sections_are_placed_text_then_rodata_then_data_then_bss_each_aligned("arm");
        layout.Regions_are_page_separate_with_text_rx_rodata_r_and_data_rw("arm");
        layout.Guest_writes_to_text_or_rodata_and_jumps_into_data_fault("arm");
        layout.Data_is_initialised_and_bss_zero_filled("arm");
        layout.Locals_are_listed_and_only_globals_are_exported("arm");
    }

    [Fact]
    public void Shared_refusal_checks_hold_for_arm()
    {
        var errors = new LoaderErrorTests(_cache);
        errors.Unresolved_symbol_names_symbol_and_object_and_loads_nothing("arm");
        errors.Misaligned_base_is_refused("arm");
        errors.Duplicate_global_names_both_objects_and_loads_nothing("arm");
        errors.Unload_unmaps_pages_and_withdraws_symbols("arm");
    }

    [Fact]
    public void Undefined_weak_symbol_resolves_to_zero_in_a_4_byte_word()
    {
        using var h = Harness();
        var elf = h.CompileText("    .weak maybe_there\n    .data\n    .globl weak_slot\nweak_slot:\n    .long maybe_there + 5\n", SourceLanguage.Asm, "weak.S");
        var obj = h.Loader.Load(elf, "weak.o", h.Isa.FixtureBase, h.Isa.Relocator);

        Assert.Equal(5UL, h.ReadUnsigned(obj.Symbol("weak_slot"), 4));
    }

    [Theory]
    [InlineData("relocs.S")]
    [InlineData("thumb.S")]
    [InlineData("relocs.c")]
    public void Arm_objects_are_elf32_arm_with_rel_tables_as_llvm_readelf_sees_them(string fixture)
    {
        using var h = Harness();
        var elf = h.Compile(fixture);

        var header = ReadElf.Run("-h", elf);
        Assert.Matches(@"Class:\s+ELF32", header);
        Assert.Matches(@"Machine:\s+ARM", header);
        Assert.Matches(@"Type:\s+REL \(Relocatable file\)", header);
        Assert.Contains("Relocation section '.rel.text'", ReadElf.Relocations(elf));
        Assert.DoesNotContain(".rela.", ReadElf.Relocations(elf));
    }

    [Fact]
    public void Thumb_function_symbols_carry_bit_0_and_arm_ones_do_not()
    {
        using var h = Harness();
        var helper = h.LoadHelper();
        var thumb = h.LoadFixture("thumb.S");

        Assert.Equal(0UL, helper.Symbol("helper_fn") & 1);
        Assert.Equal(1UL, helper.Symbol("helper_thumb") & 1);
        Assert.Equal(1UL, thumb.Symbol("t_call") & 1);
        // The pointer a Thumb caller gets is callable as is: blx switches state on bit 0.
        Assert.Equal(42UL, h.Call(helper.Symbol("helper_thumb")));
    }

    [Fact]
    public void Every_type_the_arm_relocator_implements_is_claimed_by_a_case()
    {
        var claimed = RelocationCases.All.Where(c => c.Isa == "arm").Select(c => c.Type).ToHashSet();
        var relocator = IsaUnderTest.Arm.Relocator;
        var implemented = Enumerable.Range(1, 1024).Select(t => (uint)t).Where(t => RelocatorProbe.Implements(relocator, t)).Select(relocator.TypeName).ToList();

        Assert.Equal(18, implemented.Count); // every AAELF32 type the kernel applies, less R_ARM_NONE (type 0) and the ALU_PC/LDR_PC group types
        var unclaimed = implemented.Where(name => !claimed.Contains(name)).ToList();
        Assert.True(unclaimed.Count == 0, $"arm implements types no case covers: {string.Join(", ", unclaimed)}");
    }

    [Fact]
    public void Exidx_entries_point_at_their_functions_through_prel31()
    {
        using var h = Harness();
        h.LoadHelper();
        var obj = h.LoadFixture("relocs.c");
        var exidx = obj.Section(".ARM.exidx");
        var text = obj.Section(".text");
        var bytes = new byte[exidx.Size];
        h.Engine.Read(exidx.Address, bytes);

        var starts = new List<ulong>();
        for (var at = 0; at + 8 <= bytes.Length; at += 8)
        {
            var word = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
            Assert.Equal(0u, word >> 31);
            var offset = (long)((ulong)word << 33) >> 33;
            starts.Add((ulong)((long)exidx.Address + at + offset));
            Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 4))); // EXIDX_CANTUNWIND
        }
        Assert.Contains(obj.Symbol("c_call"), starts);
        Assert.Contains(obj.Symbol("c_tail"), starts);
        Assert.All(starts, s => Assert.True(text.Range.Contains(s), $"0x{s:x} is outside .text"));
    }

    [Fact]
    public void Got_relocation_is_refused_by_name()
    {
        using var h = Harness();
        h.LoadHelper();
        var elf = h.Compile("unknown.S");
        Assert.True(ReadElf.HasType(ReadElf.Relocations(elf), "R_ARM_GOT_BREL"));

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "unknown.o", h.Isa.FixtureBase, h.Isa.Relocator));

        Assert.Equal(LoaderError.UnknownRelocation, ex.Error);
        Assert.Equal("TPL002", ex.Id);
        Assert.StartsWith("unknown.o: ", ex.Message);
        Assert.Contains("R_ARM_GOT_BREL (type 26)", ex.Message);
        Assert.Contains("'helper_value'", ex.Message);
        Assert.False(h.Engine.TryRead(h.Isa.FixtureBase, new byte[1]));
    }

    [Fact]
    public void Short_thumb_conditional_branch_to_another_object_is_refused_by_name()
    {
        // The kernel's module loader has no R_ARM_THM_JUMP19 either; kernel C never branches conditionally to an extern.
        using var h = Harness();
        h.LoadHelper();
        var elf = h.CompileText("    .syntax unified\n    .thumb\n    .globl f\n    .type f, %function\n    .thumb_func\nf:\n    cmp r0, #0\n    bne helper_thumb\n    bx lr\n",
            SourceLanguage.Asm, "jump19.S");
        Assert.True(ReadElf.HasType(ReadElf.Relocations(elf), "R_ARM_THM_JUMP19"));

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "jump19.o", h.Isa.FixtureBase, h.Isa.Relocator));

        Assert.Equal(LoaderError.UnknownRelocation, ex.Error);
        Assert.Contains("R_ARM_THM_JUMP19 (type 51) against 'helper_thumb'", ex.Message);
    }

    [Theory]
    [InlineData("    .syntax unified\n    .arm\n    .globl f\n    .type f, %function\nf:\n    b helper_thumb\n", "R_ARM_JUMP24", "helper_thumb", "Thumb")]
    [InlineData("    .syntax unified\n    .thumb\n    .globl f\n    .type f, %function\n    .thumb_func\nf:\n    b.w helper_fn\n", "R_ARM_THM_JUMP24", "helper_fn", "ARM")]
    public void Branch_that_would_have_to_change_instruction_set_is_refused(string source, string type, string symbol, string state)
    {
        using var h = Harness();
        h.LoadHelper();
        var elf = h.CompileText(source, SourceLanguage.Asm, "interwork.S");
        Assert.True(ReadElf.HasType(ReadElf.Relocations(elf), type));

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "interwork.o", h.Isa.FixtureBase, h.Isa.Relocator));

        Assert.Equal(LoaderError.InvalidRelocation, ex.Error);
        Assert.Contains($"{type} against '{symbol}' at .text+0x0", ex.Message);
        Assert.Contains($"the target is {state} code", ex.Message);
        Assert.False(h.Engine.TryRead(h.Isa.FixtureBase, new byte[1]));
    }

    [Fact]
    public void Address_above_4_gib_overflows_movt()
    {
        using var h = Harness();
        var elf = h.Compile("overflow.S");
        Assert.True(ReadElf.HasType(ReadElf.Relocations(elf), "R_ARM_MOVT_ABS"));

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "overflow.o", h.Isa.FixtureBase, h.Isa.Relocator));

        Assert.Equal(LoaderError.RelocationOverflow, ex.Error);
        Assert.Equal("TPL003", ex.Id);
        Assert.Contains("R_ARM_MOVT_ABS against 'host_far' at .text+0x4", ex.Message);
        Assert.Contains("0x100000000 does not fit in a 32-bit field", ex.Message);
    }

    [Theory]
    [InlineData("    .syntax unified\n    .arm\nf:\n    bl host_low\n", "R_ARM_CALL", "26")]
    [InlineData("    .syntax unified\n    .thumb\n    .thumb_func\nf:\n    bl host_low\n", "R_ARM_THM_CALL", "25")]
    public void Call_out_of_branch_range_is_refused(string source, string type, string bits)
    {
        // host_low (0x12345678) is about 2.8 GiB below the fixture: beyond ±32 MiB (ARM) and ±16 MiB (Thumb).
        using var h = Harness();
        var elf = h.CompileText(source, SourceLanguage.Asm, "far.S");
        Assert.True(ReadElf.HasType(ReadElf.Relocations(elf), type));

        var ex = Assert.Throws<LoaderException>(() => h.Loader.Load(elf, "far.o", h.Isa.FixtureBase, h.Isa.Relocator));

        Assert.Equal(LoaderError.RelocationOverflow, ex.Error);
        Assert.Contains($"{type} against 'host_low'", ex.Message);
        Assert.Contains($"a signed {bits}-bit field", ex.Message);
    }

    [Fact]
    public void Wrong_machine_names_em_arm()
    {
        using var arm = Harness();
        using var arm64 = new LoadHarness(IsaUnderTest.Arm64, _cache.Compiler);
        var elf = arm.Compile("helper.S");

        var ex = Assert.Throws<LoaderException>(() => arm64.Loader.Load(elf, "helper.o", arm64.Isa.FixtureBase, arm64.Isa.Relocator));

        Assert.Equal(LoaderError.WrongMachine, ex.Error);
        Assert.Contains("(40)", ex.Message);
        Assert.Contains("EM_AARCH64 (183)", ex.Message);
    }

    [Fact]
    public void A_thumb_run_stops_at_an_even_halt_address_in_arm_state()
    {
        // uc_emu_start with bit 0 set starts in Thumb state; bx lr to the even halt page switches back to ARM.
        using var h = Harness();
        var helper = h.LoadHelper();
        Assert.Equal(UcError.Ok, h.Run(helper.Symbol("helper_thumb")));
        Assert.Equal(0UL, h.Engine.ReadRegister(3) & (1UL << 5)); // CPSR.T clear at the halt
    }
}

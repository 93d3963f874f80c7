using LibObjectFile.Elf;
using Tpsim.Arch;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Sources;
using Xunit;

namespace Tpsim.Tests.Emulator.Toolchain;

/// <summary>
/// <see cref="LlvmDisassembler"/> (libLLVM-19's C API) against llvm-objdump-19 through <see cref="Disassembler"/>, on
/// every ISA's real code: its site.S, stub.S and controls, and the C site and probes from every build that applies.
/// </summary>
public sealed class LlvmDisassemblerTests : IClassFixture<TempCache>
{
    private const string TargetName = "tp_stub_func";

    private readonly TempCache _cache;
    private readonly Disassembler _objdump;

    public LlvmDisassemblerTests(TempCache cache)
    {
        _cache = cache;
        _objdump = new Disassembler(cache.Directory);
    }

    /// <summary>Every ISA's hand-written sources and each build of the C sources (clang and GCC, every config that applies).</summary>
    public static TheoryData<string, string> RealCode()
    {
        var data = new TheoryData<string, string>();
        foreach (var isa in IsaRegistry.All)
        {
            foreach (var file in new[] { "site.S", "stub.S" }.Concat(isa.Controls.Select(c => c.File)))
            {
                data.Add(isa.Name, file);
            }
            foreach (var build in Builds(isa))
            {
                data.Add(isa.Name, build.Name);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RealCode))]
    public void Real_code_decodes_as_llvm_objdump_lists_it(string isaName, string source)
    {
        var isa = IsaRegistry.Create(isaName);
        using var llvm = LlvmDisassembler.Create(isa);
        var compared = 0;
        var thumbCompared = false;

        foreach (var (name, obj) in Objects(isa, source))
        {
            foreach (var section in CodeSections(obj))
            {
                if (section.Ranges.Any(r => r.Thumb))
                {
                    thumbCompared = true;
                    // objdump reads Thumb code's mapping symbols from the object, at the section's own addresses.
                    var decoded = section.Ranges.SelectMany(r => llvm.DecodeAll(section.Bytes.AsSpan(r.Start, r.Length), (uint)r.Start | (r.Thumb ? 1UL : 0))).ToList();
                    Check(name, Listing(isa, _objdump.Disassemble(isa, obj, name))[section.Name], decoded, a => section.IsData((int)a));
                    continue;
                }
                // Raw bytes at the kernel's addresses, one code range at a time: data between ranges would throw objdump off.
                foreach (var (start, length, _) in section.Ranges)
                {
                    var code = section.Bytes.AsSpan(start, length).ToArray();
                    var at = isa.KernelBase + (ulong)start;
                    Check(name, Listing(isa, _objdump.Disassemble(isa, code, at))[".text"], llvm.DecodeAll(code, at), null);
                }
            }
        }
        Assert.True(compared > 0, $"{isaName} {source}: no instruction compared");
        // Only the thumb2 builds are Thumb code, and they are compared as such.
        Assert.Equal(source.EndsWith($"/{BuildConfigs.Thumb2.Name}", StringComparison.Ordinal), thumbCompared);

        void Check(string name, ObjdumpListing listing, IReadOnlyList<DisassembledInstruction> decoded, Func<ulong, bool>? isData)
        {
            var mismatches = listing.Mismatches(decoded, isData);

            Assert.True(mismatches.Count == 0, $"{name}: {mismatches.Count} of {decoded.Count} differ:\n{string.Join('\n', mismatches.Take(20))}");
            if (!source.StartsWith("Controls/", StringComparison.Ordinal))
            {
                // Compiled and hand-written code decodes whole; only a control may hold a deliberately invalid word.
                Assert.All(decoded, insn => Assert.True(insn.IsKnown || listing.SkipsZeros(insn), $"{name}: {insn}"));
            }
            compared += decoded.Count(i => listing.Lines.ContainsKey(i.Address));
        }
    }

    public static TheoryData<string, string, ulong, string> KnownSequences => new()
    {
        { "x86_64", "c21000", 0xffff_ffff_8100_0000, "retq $0x10" },
        { "arm64", "ff430091", 0x4000_0000, "add sp, sp, #0x10" },
        { "riscv64", "4101", 0x4000_0000, "addi sp, sp, 0x10" },
        { "riscv64", "13010101", 0x4000_0000, "addi sp, sp, 0x10" },
        // A page-relative operand: the next 4 KiB page, from the middle of one.
        { "arm64", "000000b0", 0x4000_1234, "adrp x0, 0x40002000" },
        // A relative branch the C API prints as ".+8".
        { "ppc64", "48000008", 0x4000_0000, "b 0x40000008" },
        // A backward jump past 0 wraps to 32 bits on i386.
        { "i386", "e9e6ffffff", 0x10, "jmp 0xfffffffb" },
        // MIPS's printer keeps 32 bits of a target in CKSEG0.
        { "mips64", "1000ffff", 0xffff_ffff_8000_1000, "b 0x80001000" },
    };

    [Theory]
    [MemberData(nameof(KnownSequences))]
    public void Known_sequences_decode_as_llvm_objdump_prints_them(string isaName, string hex, ulong address, string text)
    {
        var isa = IsaRegistry.Create(isaName);
        var bytes = Convert.FromHexString(hex);
        using var llvm = LlvmDisassembler.Create(isa);

        Assert.True(llvm.TryDecode(bytes, address, out var insn));

        Assert.Equal((address, text), (insn.Address, insn.Text));
        Assert.Equal(bytes, insn.Bytes);
        Assert.Empty(Listing(isa, _objdump.Disassemble(isa, bytes, address))[".text"].Mismatches([insn]));
    }

    /// <summary>A call 0x100 bytes ahead on each ISA (bl, jal, brasl, bal), relative to the call.</summary>
    public static TheoryData<string, string, string> Calls => new()
    {
        { "x86_64", "e8fb000000", "callq" },
        { "i386", "e8fb000000", "calll" },
        { "arm64", "40000094", "bl" },
        { "riscv64", "ef000010", "jal" },
        { "arm", "3e0000eb", "bl" },
        { "s390x", "c0e500000080", "brasl %r14," },
        { "mips64", "0411003f", "bal" },
        { "ppc64", "48000101", "bl" },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public void A_symbolizer_names_call_targets_and_without_one_the_address_shows(string isaName, string hex, string mnemonic)
    {
        var isa = IsaRegistry.Create(isaName);
        var bytes = Convert.FromHexString(hex);
        var at = isa.KernelBase + 0x40;
        var asked = new List<ulong>();
        using var named = LlvmDisassembler.Create(isa, target =>
        {
            asked.Add(target);
            return target == at + 0x100 ? TargetName : null;
        });
        using var plain = LlvmDisassembler.Create(isa);

        Assert.True(named.TryDecode(bytes, at, out var call));
        Assert.True(plain.TryDecode(bytes, at, out var bare));

        Assert.Equal($"{mnemonic} {TargetName}", call.Text);
        Assert.Contains(at + 0x100, asked);
        Assert.Equal($"{mnemonic} 0x{at + 0x100:x}", bare.Text);
        Assert.Empty(Listing(isa, _objdump.Disassemble(isa, bytes, at))[".text"].Mismatches([bare]));
    }

    [Fact]
    public void A_target_the_symbolizer_does_not_name_shows_its_address()
    {
        using var llvm = LlvmDisassembler.Create(IsaRegistry.Create("x86_64"), _ => null);

        Assert.True(llvm.TryDecode(Convert.FromHexString("e8fb000000"), 0x1000, out var call));

        Assert.Equal("callq 0x1100", call.Text);
    }

    [Fact]
    public void Names_stay_valid_for_the_context_lifetime_and_the_symbolizer_is_asked_once_per_target()
    {
        var asked = 0;
        using var llvm = LlvmDisassembler.Create(IsaRegistry.Create("x86_64"), _ => $"f{Interlocked.Increment(ref asked)}");
        var call = Convert.FromHexString("e8fb000000");

        var first = llvm.DecodeAll(call, 0x1000);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var again = Enumerable.Range(0, 100).Select(_ => llvm.DecodeAll(call, 0x1000).Single().Text).Distinct();

        Assert.Equal("callq f1", first.Single().Text);
        Assert.Equal(["callq f1"], again);
        Assert.Equal(1, asked);
    }

    [Fact]
    public void An_exception_in_the_symbolizer_reaches_the_caller()
    {
        using var llvm = LlvmDisassembler.Create(IsaRegistry.Create("arm64"), _ => throw new InvalidOperationException("no symbols"));

        var ex = Assert.Throws<InvalidOperationException>(() => llvm.TryDecode(Convert.FromHexString("40000094"), 0x4000_0000, out _));

        Assert.Equal("no symbols", ex.Message);
    }

    /// <summary>Bytes that decode on no ISA here: all ones on most, zero on ppc64, an unassigned major opcode on mips64.</summary>
    public static TheoryData<string, string> InvalidWords => new()
    {
        { "x86_64", "ffffffff" }, { "i386", "ffffffff" }, { "arm64", "ffffffff" }, { "riscv64", "ffffffff" },
        { "arm", "ffffffff" }, { "s390x", "ffffffff" }, { "mips64", "ec000000" }, { "ppc64", "00000000" },
    };

    [Theory]
    [MemberData(nameof(InvalidWords))]
    public void Undecodable_bytes_give_unknown_entries_of_the_minimum_size_and_decoding_goes_on(string isaName, string hex)
    {
        var isa = IsaRegistry.Create(isaName);
        var minimum = isa.Toolchain.Disassembly!.MinimumInstructionSize;
        var (nopHex, nopText) = Nops[isaName];
        var nop = Convert.FromHexString(nopHex);
        var bytes = Convert.FromHexString(hex).Concat(nop).ToArray();
        using var llvm = LlvmDisassembler.Create(isa);

        var decoded = llvm.DecodeAll(bytes, isa.KernelBase);

        Assert.False(llvm.TryDecode(Convert.FromHexString(hex), isa.KernelBase, out var none));
        Assert.Null(none);
        Assert.False(llvm.TryDecode([], isa.KernelBase, out _));
        Assert.Equal(bytes, decoded.SelectMany(i => i.Bytes));
        Assert.Equal(isa.KernelBase, decoded[0].Address);
        Assert.All(decoded.Zip(decoded.Skip(1)), p => Assert.Equal(p.First.Address + (ulong)p.First.Bytes.Length, p.Second.Address));
        Assert.Equal(LlvmDisassembler.Unknown, decoded[0].Text);
        Assert.Equal(minimum, decoded[0].Bytes.Length);
        Assert.Equal(nopText, decoded[^1].Text);
    }

    private static readonly Dictionary<string, (string Hex, string Text)> Nops = new()
    {
        ["x86_64"] = ("90", "nop"), ["i386"] = ("90", "nop"), ["arm64"] = ("1f2003d5", "nop"), ["riscv64"] = ("13000000", "nop"),
        ["arm"] = ("00f020e3", "nop"), ["s390x"] = ("47000000", "nop 0"), ["mips64"] = ("00000000", "nop"), ["ppc64"] = ("60000000", "nop"),
    };

    [Fact]
    public void A_truncated_instruction_does_not_decode()
    {
        using var llvm = LlvmDisassembler.Create(IsaRegistry.Create("x86_64"));

        Assert.False(llvm.TryDecode(Convert.FromHexString("e8fb00"), 0x1000, out _));
        Assert.Equal((1, LlvmDisassembler.Unknown), llvm.DecodeAll(Convert.FromHexString("e8fb00"), 0x1000).Select(i => (i.Bytes.Length, i.Text)).First());
    }

    [Fact]
    public void An_odd_address_selects_thumb_on_arm_and_the_instruction_sits_at_the_even_one()
    {
        using var llvm = LlvmDisassembler.Create(IsaRegistry.Create("arm"));
        var thumbBxLr = new byte[] { 0x70, 0x47 };
        var armBxLr = new byte[] { 0x1e, 0xff, 0x2f, 0xe1 };

        Assert.True(llvm.TryDecode(thumbBxLr, 0xbf00_0001, out var thumb));
        Assert.True(llvm.TryDecode(armBxLr, 0xbf00_0000, out var arm));

        Assert.Equal((0xbf00_0000UL, "bx lr", 2), (thumb.Address, thumb.Text, thumb.Bytes.Length));
        Assert.Equal((0xbf00_0000UL, "bx lr", 4), (arm.Address, arm.Text, arm.Bytes.Length));
        Assert.False(llvm.TryDecode(thumbBxLr, 0xbf00_0000, out _));
    }

    [Fact]
    public void Code_decoded_for_the_wrong_isa_differs_from_objdump()
    {
        var x86 = IsaRegistry.Create("x86_64");
        var code = TextOf(x86, "site.S");
        using var i386 = LlvmDisassembler.Create(IsaRegistry.Create("i386"));
        using var right = LlvmDisassembler.Create(x86);
        var listing = Listing(x86, _objdump.Disassemble(x86, code, x86.KernelBase))[".text"];

        Assert.Empty(listing.Mismatches(right.DecodeAll(code, x86.KernelBase)));
        Assert.NotEmpty(listing.Mismatches(i386.DecodeAll(code, x86.KernelBase)));
    }

    [Fact]
    public void Without_its_pc_relative_rewrite_riscv64_prints_offsets_objdump_does_not()
    {
        var riscv = IsaRegistry.Create("riscv64");
        var code = TextOf(riscv, "site.S");
        var settings = riscv.Toolchain.Disassembly!;
        using var plain = LlvmDisassembler.Create(settings with { PcRelativeOperands = [] });
        var listing = Listing(riscv, _objdump.Disassemble(riscv, code, riscv.KernelBase))[".text"];

        var mismatches = listing.Mismatches(plain.DecodeAll(code, riscv.KernelBase));

        Assert.NotEmpty(mismatches);
        Assert.All(mismatches, m => Assert.Matches(@"^[0-9a-f]+: [0-9a-f]+ (b\w*|j|jal) ", m));
    }

    [Fact]
    public void Without_its_features_arm64_decodes_pointer_authentication_only_as_hints()
    {
        var arm64 = IsaRegistry.Create("arm64");
        var obj = _cache.Compiler.Compile(new BuildSpec(CompilerKind.Clang, BuildConfigs.PacBti), arm64.Toolchain, SourceLanguage.C, HarnessSources.Site, "site.c");
        var code = CodeSections(obj).Single().Bytes;
        using var bare = LlvmDisassembler.Create(arm64.Toolchain.Disassembly! with { Features = "" });
        using var right = LlvmDisassembler.Create(arm64);

        var withFeatures = right.DecodeAll(code, arm64.KernelBase);
        var without = bare.DecodeAll(code, arm64.KernelBase);

        Assert.Contains(withFeatures, i => i.Text is "paciasp" or "autiasp");
        Assert.DoesNotContain(without, i => i.Text is "paciasp" or "autiasp");
        Assert.Contains(without, i => i.Text.StartsWith("hint #", StringComparison.Ordinal));
    }

    [Fact]
    public void One_instance_decodes_alike_from_several_threads()
    {
        var isa = IsaRegistry.Create("riscv64");
        var code = TextOf(isa, "site.S");
        using var llvm = LlvmDisassembler.Create(isa, a => $"t{a:x}");
        var expected = llvm.DecodeAll(code, isa.KernelBase).Select(i => i.ToString()).ToArray();

        var results = Enumerable.Range(0, 8).AsParallel().Select(_ => llvm.DecodeAll(code, isa.KernelBase).Select(i => i.ToString()).ToArray()).ToList();

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void A_disposed_disassembler_refuses_to_decode()
    {
        var llvm = LlvmDisassembler.Create(IsaRegistry.Create("x86_64"));
        llvm.Dispose();

        Assert.Throws<ObjectDisposedException>(() => llvm.TryDecode([0x90], 0, out _));
    }

    [Fact]
    public void A_missing_library_is_named_with_its_debian_package()
    {
        var error = LlvmDisassembler.CheckLibrary("libLLVM.so.0.tpsim-missing");

        Assert.Null(LlvmDisassembler.CheckLibrary());
        Assert.NotNull(error);
        Assert.Contains("libLLVM.so.0.tpsim-missing", error);
        Assert.Contains("apt-get install -y libllvm19", error);
    }

    [Fact]
    public void A_target_tpsim_does_not_bind_is_refused_with_a_reason()
    {
        var settings = new LlvmDisassembly("Sparc", "sparc-unknown-linux-gnu", 4);

        Assert.False(LlvmDisassembler.TryCreate(settings, null, out var none, out var error));
        Assert.Null(none);
        Assert.Contains("Sparc", error);
    }

    private static IEnumerable<BuildSpec> Builds(IsaBackend isa) =>
        from config in BuildConfigs.All
        from compiler in new[] { CompilerKind.Clang, CompilerKind.Gcc }
        let build = new BuildSpec(compiler, config)
        where isa.Toolchain.FlagsFor(build, out _) is not null
        select build;

    private IEnumerable<(string Name, byte[] Object)> Objects(IsaBackend isa, string source)
    {
        if (source.EndsWith(".S", StringComparison.Ordinal))
        {
            yield return (source, _cache.Compiler.Compile(isa.Toolchain, SourceLanguage.Asm, isa.ReadSource(source), $"{isa.Name}/{source}"));
            yield break;
        }
        var build = Builds(isa).Single(b => b.Name == source);
        yield return ("site.c", _cache.Compiler.Compile(build, isa.Toolchain, SourceLanguage.C, HarnessSources.Site, "site.c"));
        yield return ("probes.c", _cache.Compiler.Compile(build, isa.Toolchain, SourceLanguage.C, HarnessSources.Probes, "probes.c"));
    }

    private byte[] TextOf(IsaBackend isa, string source) => CodeSections(Objects(isa, source).Single().Object).Single().Bytes;

    /// <summary>The object's executable sections with bytes, split into code ranges by its mapping symbols.</summary>
    private static IEnumerable<CodeSection> CodeSections(byte[] obj)
    {
        using var stream = new MemoryStream(obj);
        var elf = ElfFile.Read(stream, new ElfReaderOptions());
        var symbols = elf.Sections.OfType<ElfSymbolTable>().SelectMany(t => t.Entries).ToList();
        foreach (var section in elf.Sections.Where(s => s.Flags.HasFlag(ElfSectionFlags.Executable) && s.Size > 0))
        {
            var mapping = symbols
                .Where(e => e.SectionLink.Section == section && MappingKind(e.Name.Value) is not null)
                .Select(e => (Offset: (int)e.Value, Kind: MappingKind(e.Name.Value)!.Value))
                .OrderBy(m => m.Offset)
                .ToList();
            yield return new CodeSection(section.Name.Value!, obj.AsSpan((int)section.Position, (int)section.Size).ToArray(), mapping);
        }
    }

    // ELF mapping symbols (arm, arm64, riscv64): $a ARM code, $t Thumb code, $x code, $d data; a suffix may follow a dot.
    private static char? MappingKind(string? name) =>
        name is ['$', var kind, ..] && (name.Length == 2 || name[2] == '.') && kind is 'a' or 't' or 'x' or 'd' ? kind : null;

    /// <summary>One code section and the ranges of it that hold instructions (data such as kCFI type hashes left out).</summary>
    private sealed record CodeSection(string Name, byte[] Bytes, IReadOnlyList<(int Offset, char Kind)> Mapping)
    {
        public IEnumerable<(int Start, int Length, bool Thumb)> Ranges =>
            Mapping.Count == 0
                ? [(0, Bytes.Length, false)]
                : Mapping.Select((m, i) => (m, End: i + 1 < Mapping.Count ? Mapping[i + 1].Offset : Bytes.Length))
                    .Where(x => x.m.Kind != 'd' && x.End > x.m.Offset)
                    .Select(x => (x.m.Offset, x.End - x.m.Offset, x.m.Kind == 't'));

        /// <summary>Data, or bytes ahead of the first mapping symbol (arm's kCFI type hash at the start of .text has none).</summary>
        public bool IsData(int offset) => Mapping.Count > 0 && Mapping.LastOrDefault(m => m.Offset <= offset).Kind is 'd' or '\0';
    }

    private static IReadOnlyDictionary<string, ObjdumpListing> Listing(IsaBackend isa, string objdump) =>
        ObjdumpListing.Parse(objdump, isa.Toolchain.Disassembly!.Target switch
        {
            "AArch64" => "//",
            "ARM" => "@",
            _ => "#",
        });
}

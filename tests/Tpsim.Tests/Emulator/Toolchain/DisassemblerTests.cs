using Tpsim.Arch;
using Tpsim.Emulator.Toolchain;
using Xunit;

namespace Tpsim.Tests.Emulator.Toolchain;

/// <summary>The real llvm-objdump-19 behind <see cref="Disassembler"/>, on objects and raw guest bytes.</summary>
public sealed class DisassemblerTests : IClassFixture<TempCache>
{
    private readonly TempCache _cache;

    public DisassemblerTests(TempCache cache) => _cache = cache;

    public static TheoryData<string, string, string> ReturnInstructions => new()
    {
        { "x86_64", "c3", "retq" },
        { "arm64", "c0035fd6", "ret" },
        { "riscv64", "8280", "ret" },
    };

    [Theory]
    [MemberData(nameof(IsaUnderTest.Names), MemberType = typeof(IsaUnderTest))]
    public void Object_disassembly_names_functions_and_hides_temp_paths(string isa)
    {
        var settings = IsaUnderTest.ByName(isa).Toolchain;
        var obj = _cache.Compiler.Compile(settings, SourceLanguage.C, "int tp_stub_func(void) { return 0; }\n", "stub.c");
        var disassembler = new Disassembler(_cache.Directory);

        var text = disassembler.Disassemble(IsaRegistry.Create(isa), obj, "stub.o");

        Assert.Contains("<tp_stub_func>:", text);
        Assert.Contains("ret", text);
        Assert.Contains("stub.o:", text);
        Assert.DoesNotContain("tpsim-objdump-", text);
    }

    [Theory]
    [MemberData(nameof(ReturnInstructions))]
    public void Raw_bytes_disassemble_at_their_guest_address(string isa, string hex, string mnemonic)
    {
        var disassembler = new Disassembler(_cache.Directory);
        var address = IsaUnderTest.ByName(isa).FixtureBase + 0x40;

        var text = disassembler.Disassemble(IsaRegistry.Create(isa), Convert.FromHexString(hex), address);

        Assert.Matches($@"(?m)^\s*{address:x}:.*\b{mnemonic}\b", text);
    }

    [Fact]
    public void Warm_disassembly_spawns_no_process()
    {
        var isa = IsaRegistry.Create("x86_64");
        var bytes = new byte[] { 0x48, 0x89, 0xf8, 0xc3 }; // mov %rdi,%rax; ret
        var address = 0xffff_ffff_8000_0000UL + (ulong)Random.Shared.Next(1, 1 << 20) * 16;
        var first = new Disassembler(_cache.Directory);

        var cold = first.Disassemble(isa, bytes, address);
        var second = new Disassembler(_cache.Directory);
        var warm = second.Disassemble(isa, bytes, address);

        Assert.Equal(1, first.ProcessesSpawned);
        Assert.Equal(0, second.ProcessesSpawned);
        Assert.Equal(cold, warm);
        Assert.Contains("mov", cold);
    }
}

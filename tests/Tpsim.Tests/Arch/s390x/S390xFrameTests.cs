using Tpsim.Arch.S390x;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;
using Tpsim.Harness.Cases;
using Xunit;

namespace Tpsim.Tests.Arch.S390x;

/// <summary>
/// Where the s390x callee's incoming area ends: the 160-byte register save area at 0(%r15) and the stack
/// arguments above it belong to the callee, so writing all of them is balanced through both sites;
/// the first byte above them is the caller's frame. Also what the other ISAs keep: no save area, little-endian.
/// </summary>
public sealed class S390xFrameTests(RunnerFixture<S390xBackend> fixture) : IClassFixture<RunnerFixture<S390xBackend>>
{
    private const string HeaderLines = "\t.text\n\t.globl\ttp_stub_func\n\t.type\ttp_stub_func, @function\ntp_stub_func:\n";

    /// <summary>Stores into every byte of the register save area, as a standard-layout (non-packed) callee that saves everything would.</summary>
    private static readonly string SaveAreaWriter = HeaderLines + """
        	lghi	%r0, 0x5a5
        	lgr	%r1, %r0
        	stmg	%r0, %r15, 0(%r15)
        	std	%f0, 128(%r15)
        	std	%f2, 136(%r15)
        	std	%f4, 144(%r15)
        	std	%f6, 152(%r15)
        	lmg	%r6, %r15, 48(%r15)
        	br	%r14
        	.size	tp_stub_func, . - tp_stub_func
        """;

    private static string WriterAt(int offset) => HeaderLines + $"""
        	mvghi	{offset}(%r15), 0x5a5a
        	br	%r14
        	.size	tp_stub_func, . - tp_stub_func
        """;

    public static TheoryData<string, int> SitesAndCounts()
    {
        var data = new TheoryData<string, int>();
        foreach (var site in new[] { "c", "asm" })
        {
            foreach (var n in new[] { 0, 3, 4, 5, 8, 12 })
            {
                data.Add(site, n);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(SitesAndCounts))]
    public void A_callee_may_write_its_whole_register_save_area(string site, int args)
    {
        var r = Run(SaveAreaWriter, "save-area.S", site, args);
        Assert.True(r.Verdict == Verdict.Balanced, Describe(r));
        Assert.Equal(3, r.CallsCompleted);
    }

    [Theory]
    [MemberData(nameof(SitesAndCounts))]
    public void The_last_stack_argument_slot_is_the_callee_s_and_the_next_word_is_the_caller_s(string site, int args)
    {
        var stackArgs = fixture.Isa.Abi.StackArgumentCount(args + 1);
        var end = 160 + 8 * stackArgs;
        if (stackArgs > 0)
        {
            var last = Run(WriterAt(end - 8), "last-slot.S", site, args);
            Assert.True(last.Verdict == Verdict.Balanced, Describe(last));
        }

        var above = Run(WriterAt(end), "above.S", site, args);

        Assert.True(above.Verdict == Verdict.Unbalanced, Describe(above));
        Assert.Equal(ViolationKind.CallerFrame, above.Violations[0].Kind);
        Assert.Equal(1, above.Violations[0].Call);
        Assert.Equal(0x5a5aUL, above.Violations[0].Actual);
    }

    [Fact]
    public void The_s390x_abi_is_big_endian_with_a_160_byte_save_area()
    {
        var abi = fixture.Isa.Abi;
        Assert.True(abi.BigEndian);
        Assert.Equal(ByteOrder.BigEndian, abi.ByteOrder);
        Assert.Equal(160, abi.RegisterSaveAreaSize);
        Assert.Equal(0, abi.CallerStackPointerOffset);
        Assert.Equal(160, abi.IncomingArgumentOffset);
        Assert.Equal(160 + 8 * 8, abi.IncomingAreaSize(13));
        Assert.Equal(160, abi.IncomingAreaSize(5));
        Assert.Equal(["r6", "r7", "r8", "r9", "r10", "r11", "r12", "r13", "f8", "f9", "f10", "f11", "f12", "f13", "f14", "f15"], abi.CalleeSaved);
        Assert.Equal("r14", abi.LinkRegister);
        Assert.Equal(8, abi.StackAlignment);
        Assert.Equal(8, abi.PointerSize);
    }

    [Theory]
    [InlineData("x86_64", 8, 8)]
    [InlineData("i386", 4, 4)]
    [InlineData("arm64", 0, 0)]
    [InlineData("riscv64", 0, 0)]
    public void The_little_endian_isas_have_no_save_area(string name, int callerSpOffset, int incoming)
    {
        var abi = Isas.Create(name).Abi;
        Assert.False(abi.BigEndian);
        Assert.Equal(ByteOrder.LittleEndian, abi.ByteOrder);
        Assert.Equal(0, abi.RegisterSaveAreaSize);
        Assert.Equal(callerSpOffset, abi.CallerStackPointerOffset);
        Assert.Equal(incoming, abi.IncomingArgumentOffset);
    }

    [Fact]
    public void Call_placement_puts_stack_arguments_big_endian_above_the_save_area()
    {
        var isa = fixture.Isa;
        using var engine = isa.CreateEngine();
        const ulong stack = 0x5000_0000;
        engine.Map(stack, 0x1000, UcProt.Read | UcProt.Write);
        ulong[] args = [1, 2, 3, 4, 5, 0x0606_0606_0606_0606, 7, 8];

        var sp = CallPlacement.Place(engine, isa, stack + 0x1000 - 4, 0x4242_4240, args);

        Assert.Equal(0UL, sp % 8);
        Assert.True(sp + 160 + 3 * 8 <= stack + 0x1000 - 4);
        Assert.Equal(sp, engine.ReadRegister(isa.Registers["r15"]));
        Assert.Equal(0x4242_4240UL, engine.ReadRegister(isa.Registers["r14"]));
        Assert.Equal([1UL, 2, 3, 4, 5], new[] { "r2", "r3", "r4", "r5", "r6" }.Select(r => engine.ReadRegister(isa.Registers[r])));
        var slots = new byte[24];
        engine.Read(sp + 160, slots);
        Assert.Equal("060606060606060600000000000000070000000000000008", Convert.ToHexString(slots).ToLowerInvariant());
        Assert.Equal([0x0606_0606_0606_0606UL, 7, 8], Enumerable.Range(0, 3).Select(i => isa.Bridge.ReadArgument(engine, 5 + i)));
    }

    private CaseResult Run(string text, string fileName, string site, int args)
    {
        var kind = site == "c" ? SiteKind.C : SiteKind.Asm;
        var c = StubMatrix.UserCase(fixture.Isa, new StubSource(Path.GetFileNameWithoutExtension(fileName), fileName, text, SourceLanguage.Asm), args, kind);
        return fixture.Runner.Run(c);
    }

    private static string Describe(CaseResult r) =>
        $"{r.Verdict.ToName()} {string.Join("; ", r.Violations)} {r.Trap} {r.Fault} {string.Join("; ", r.Notes)}";
}

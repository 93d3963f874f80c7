using Tpsim.Arch.Arm64;
using Tpsim.Arch.Riscv64;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Cases;
using Tpsim.Harness.CrossCheck;
using Xunit;

namespace Tpsim.Tests.Harness.CrossCheck;

/// <summary>
/// What the cross-check compares beyond verdict, kind and call: the register of a callee-saved violation, the trap's
/// kind and pc and the fault's address, named as symbol+offset. Each is shown on real runs of both executors to be
/// reported and to agree, and, by changing only that field of a real oracle result, to make Agreement disagree with
/// a message that names the field.
/// </summary>
public sealed class ReportedFieldTests : IDisposable
{
    private readonly Compiler _compiler = new();
    private readonly Arm64Backend _arm64 = new();
    private readonly Riscv64Backend _riscv64 = new();
    private readonly CaseRunner _arm64Runner;
    private readonly CaseRunner _riscv64Runner;
    private readonly OracleExecutor _arm64Oracle;
    private readonly OracleExecutor _riscv64Oracle;

    public ReportedFieldTests()
    {
        _arm64Runner = new CaseRunner(_arm64, _compiler);
        _riscv64Runner = new CaseRunner(_riscv64, _compiler);
        _arm64Oracle = new OracleExecutor(_arm64, _compiler, TimeSpan.FromSeconds(1.5));
        _riscv64Oracle = new OracleExecutor(_riscv64, _compiler, TimeSpan.FromSeconds(1.5));
    }

    public void Dispose()
    {
        _arm64Runner.Dispose();
        _riscv64Runner.Dispose();
        _arm64Oracle.Dispose();
        _riscv64Oracle.Dispose();
    }

    private (StubCase Case, CaseResult Tpsim, OracleResult Oracle) Run(IsaBackend isa, string control, string site)
    {
        var c = StubMatrix.Build(isa).Single(x => x.Stub.Name == $"control:{control}" && StubMatrix.SiteName(x.Site) == site);
        var (runner, oracle) = isa.Name == _arm64.Name ? (_arm64Runner, _arm64Oracle) : (_riscv64Runner, _riscv64Oracle);
        Assert.Null(OracleExecutor.Unavailable(isa));
        return (c, runner.Run(c), oracle.Run(c));
    }

    private IsaBackend Isa(string name) => name == _arm64.Name ? _arm64 : _riscv64;

    [Theory]
    [InlineData("arm64", "clobber-x18", "x18")]
    [InlineData("riscv64", "clobber-gp", "gp")]
    [InlineData("riscv64", "clobber-tp", "tp")]
    [InlineData("arm64", "clobber", "x19")]
    [InlineData("riscv64", "clobber-fp", "fs0")]
    public void Both_executors_name_the_clobbered_register(string isa, string control, string register)
    {
        foreach (var site in new[] { "c", "asm" })
        {
            var (c, tpsim, oracle) = Run(Isa(isa), control, site);
            Assert.Equal(Verdict.Unbalanced, tpsim.Verdict);
            Assert.Equal(ViolationKind.CalleeSaved, tpsim.Violations[0].Kind);
            Assert.Equal(register, tpsim.Violations[0].Register);
            Assert.Equal(ViolationKind.CalleeSaved, oracle.ViolationKind);
            Assert.Equal(register, oracle.Register);
            Assert.Null(Agreement.Disagreement(c, tpsim, oracle));
        }
    }

    [Fact]
    public void A_different_register_is_a_disagreement_that_names_the_register()
    {
        var (c, tpsim, oracle) = Run(_arm64, "clobber-x18", "c");
        Assert.Null(Agreement.Disagreement(c, tpsim, oracle));
        var message = Agreement.Disagreement(c, tpsim, oracle with { Register = "x19" });
        Assert.Equal("register: tpsim x18, the oracle x19", message);
        // An oracle that names no register where its harness reports them does not pass either.
        Assert.Equal("register: tpsim x18, the oracle reported none", Agreement.Disagreement(c, tpsim, oracle with { Register = null }));
    }

    [Theory]
    [InlineData("arm64", "tp_stub_func+0x4")]   // brk #0x1 after the bti c landing pad
    [InlineData("riscv64", "tp_stub_func+0x0")] // ebreak
    public void Both_executors_place_a_trap_at_the_same_symbol_and_offset(string isa, string place)
    {
        var (c, tpsim, oracle) = Run(Isa(isa), "trap", "c");
        Assert.Equal(Verdict.Trap, tpsim.Verdict);
        Assert.Equal(place, tpsim.TrapPcSymbol);
        Assert.Equal(place, oracle.TrapPcSymbol);
        Assert.Equal(TrapKind.Breakpoint, oracle.TrapKind);
        Assert.Null(Agreement.Disagreement(c, tpsim, oracle));
        // The two programs lay the stub out at different addresses; only the symbolic place is the same.
        Assert.NotEqual(tpsim.Trap!.Pc, oracle.TrapPc);
    }

    [Fact]
    public void A_different_trap_pc_or_kind_is_a_disagreement_that_names_the_field()
    {
        var (c, tpsim, oracle) = Run(_arm64, "trap", "asm");
        Assert.Null(Agreement.Disagreement(c, tpsim, oracle));
        Assert.Equal("trap pc: tpsim tp_stub_func+0x4, the oracle tp_stub_func+0x0",
            Agreement.Disagreement(c, tpsim, oracle with { TrapPcSymbol = "tp_stub_func+0x0" }));
        Assert.Equal("trap kind: tpsim breakpoint (signalled as breakpoint), the oracle invalid-instruction",
            Agreement.Disagreement(c, tpsim, oracle with { TrapKind = TrapKind.InvalidInstruction }));
    }

    [Fact]
    public void A_kcfi_trap_is_placed_in_the_site_by_both_executors()
    {
        var build = new BuildSpec(CompilerKind.Clang, BuildConfigs.Kcfi);
        var c = StubMatrix.Build(_arm64, build).First(x => x.Stub.Name == "stub.S" && x.Site == SiteKind.C && x.Args == 8);
        using var runner = new CaseRunner(_arm64, _compiler, build);
        var tpsim = runner.Run(c);
        var oracle = _arm64Oracle.Run(c);
        Assert.Equal(TrapKind.Kcfi, tpsim.Trap!.Kind);
        // brk #0x8228 is a breakpoint to the process: SIGTRAP.
        Assert.Equal(TrapKind.Breakpoint, Agreement.Signalled(tpsim.Trap));
        Assert.Equal(TrapKind.Breakpoint, oracle.TrapKind);
        Assert.StartsWith("__traceiter_tpsim_8+0x", tpsim.TrapPcSymbol, StringComparison.Ordinal);
        Assert.Equal(tpsim.TrapPcSymbol, oracle.TrapPcSymbol);
        Assert.Null(Agreement.Disagreement(c, tpsim, oracle));
    }

    [Theory]
    [InlineData("arm64")]
    [InlineData("riscv64")]
    public void Both_executors_report_the_fault_address(string isa)
    {
        var (c, tpsim, oracle) = Run(Isa(isa), "fault", "c");
        Assert.Equal(Verdict.Fault, tpsim.Verdict);
        Assert.Equal("0x10", tpsim.FaultAddressSymbol);
        Assert.Equal("0x10", oracle.FaultAddressSymbol);
        Assert.Equal(0x10UL, oracle.FaultAddress);
        Assert.Null(Agreement.Disagreement(c, tpsim, oracle));
        Assert.Equal("fault address: tpsim 0x10, the oracle 0x18", Agreement.Disagreement(c, tpsim, oracle with { FaultAddressSymbol = "0x18" }));
    }

    [Fact]
    public void A_fetch_from_a_corrupted_return_address_is_named_by_the_site_on_both_executors()
    {
        // The fetch address is the site's return address with PAC bit 53 flipped; the oracle's callee returns to its
        // shim's landing instead, which stands for the same return address.
        var (c, tpsim, oracle) = Run(_arm64, "pac-corrupt", "c");
        Assert.Equal(Verdict.Fault, tpsim.Verdict);
        Assert.Equal(1UL, (tpsim.Fault!.Address >> 53) & 1);
        Assert.StartsWith("__traceiter_tpsim_8+0x", tpsim.FaultAddressSymbol, StringComparison.Ordinal);
        Assert.Equal(tpsim.FaultAddressSymbol, oracle.FaultAddressSymbol);
        Assert.Null(Agreement.Disagreement(c, tpsim, oracle));
    }
}

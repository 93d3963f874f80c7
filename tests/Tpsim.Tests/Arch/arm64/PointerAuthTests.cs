using Tpsim.Arch.Arm64;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;
using Tpsim.Harness.Cases;
using Xunit;

namespace Tpsim.Tests.Arch.Arm64;

/// <summary>
/// The arm64 pac-bti build runs with real pointer authentication (key A), the default build with
/// paciasp/autiasp as NOPs: shown by signing x30 directly, through a saved and restored context, and by
/// the pac-corrupt control returning to a different address under each build.
/// </summary>
public sealed class PointerAuthTests
{
    private const ulong Code = 0x4000_0000;
    private const ulong Stack = 0x4010_0000;
    private const ulong ReturnAddress = 0x4000_0800;

    /// <summary>Bits 47:0 hold the address: with TCR_EL1.T0SZ = 0 (clamped to 16) the PAC lives in bits 54:48 and 63:56.</summary>
    private const ulong AddressBits = (1UL << 48) - 1;

    private const ulong PacBit53 = 1UL << 53;
    private const ulong PoisonKeyA = 1UL << 61;

    private static readonly byte[] Paciasp = [0x3f, 0x23, 0x03, 0xd5];
    private static readonly byte[] Autiasp = [0xbf, 0x23, 0x03, 0xd5];
    private static readonly byte[] MsrSctlrX0Isb = [0x00, 0x10, 0x18, 0xd5, 0xdf, 0x3f, 0x03, 0xd5];
    private static readonly byte[] Brk = [0x00, 0x00, 0x20, 0xd4];

    private static readonly Arm64Backend Arm64 = new();

    private static BuildSpec Build(string compiler, string config)
    {
        Assert.True(CompilerKinds.TryParse(compiler, out var kind));
        Assert.True(BuildConfigs.TryGet(config, out var cfg));
        return new BuildSpec(kind, cfg);
    }

    /// <summary>An engine of the build with one code page at <see cref="Code"/> and a stack below <see cref="Stack"/>.</summary>
    private static Engine EngineWith(BuildSpec build, params byte[][] code)
    {
        var e = Arm64.CreateEngine(build);
        e.Map(Code, 0x1000, UcProt.Read | UcProt.Exec);
        e.Write(Code, code.SelectMany(b => b).Concat(Brk).ToArray());
        e.Map(Stack - 0x1000, 0x1000, UcProt.Read | UcProt.Write);
        e.WriteRegister(Arm64.Registers["sp"], Stack - 0x10);
        return e;
    }

    /// <summary>Runs the one instruction at <paramref name="at"/> and returns x30.</summary>
    private static ulong StepX30(Engine e, ulong at)
    {
        Assert.Equal(UcError.Ok, e.Run(at, at + 4, instructionBudget: 1));
        return e.ReadRegister(Arm64.Registers["x30"]);
    }

    [Theory]
    [InlineData("clang", "pac-bti", true)]
    [InlineData("gcc", "pac-bti", true)]
    [InlineData("clang", "default", false)]
    [InlineData("clang", "scs", false)]
    public void Paciasp_signs_x30_only_under_pac_bti_and_autiasp_restores_it(string compiler, string config, bool real)
    {
        using var e = EngineWith(Build(compiler, config), Paciasp, Autiasp);
        e.WriteRegister(Arm64.Registers["x30"], ReturnAddress);

        var signed = StepX30(e, Code);
        var authenticated = StepX30(e, Code + 4);

        if (real)
        {
            Assert.NotEqual(ReturnAddress, signed);
            Assert.Equal(ReturnAddress, signed & AddressBits); // the PAC goes above the address bits
        }
        else
        {
            Assert.Equal(ReturnAddress, signed); // paciasp is a NOP on the default Cortex-A72
        }
        Assert.Equal(ReturnAddress, authenticated);
    }

    [Fact]
    public void The_signature_uses_sp_as_the_modifier()
    {
        using var e = EngineWith(Build("clang", "pac-bti"), Paciasp);
        var sp = Arm64.Registers["sp"];
        e.WriteRegister(Arm64.Registers["x30"], ReturnAddress);
        var first = StepX30(e, Code);
        e.WriteRegister(Arm64.Registers["x30"], ReturnAddress);
        e.WriteRegister(sp, Stack - 0x20);
        var otherSp = StepX30(e, Code);
        Assert.NotEqual(first, otherSp);
        Assert.Equal(first & AddressBits, otherSp & AddressBits);
    }

    [Fact]
    public void A_failed_autiasp_poisons_the_pointer_instead_of_trapping()
    {
        // paciasp; eor x30, x30, #(1 << 53); autiasp: no FEAT_FPAC, so the check fails silently.
        using var e = EngineWith(Build("clang", "pac-bti"), Paciasp, [0xde, 0x03, 0x4b, 0xd2], Autiasp);
        e.WriteRegister(Arm64.Registers["x30"], ReturnAddress);
        Assert.Equal(UcError.Ok, e.Run(Code, Code + 12, instructionBudget: 3));
        var poisoned = e.ReadRegister(Arm64.Registers["x30"]);
        Assert.Equal(ReturnAddress | PoisonKeyA, poisoned);
        Assert.Equal(PoisonKeyA, poisoned & PointerAuth.PoisonMask); // error code 01: key A
    }

    [Fact]
    public void Restoring_a_saved_context_restores_pointer_authentication()
    {
        // CaseRunner restores a context saved after CreateEngine before every case; PAC must come back with it.
        using var e = EngineWith(Build("clang", "pac-bti"), Paciasp, MsrSctlrX0Isb);
        var x30 = Arm64.Registers["x30"];
        using var saved = e.SaveContext();
        e.WriteRegister(x30, ReturnAddress);
        var signed = StepX30(e, Code);
        Assert.NotEqual(ReturnAddress, signed);

        // The guest clears SCTLR_EL1.EnIA: paciasp becomes a NOP.
        var sctlr = e.ReadArm64SystemRegister(3, 0, 1, 0, 0);
        e.WriteRegister(Arm64.Registers["x0"], sctlr & ~PointerAuth.SctlrEnIA);
        Assert.Equal(UcError.Ok, e.Run(Code + 4, Code + 12, instructionBudget: 2));
        Assert.False(PointerAuth.IsEnabled(e));
        e.WriteRegister(x30, ReturnAddress);
        Assert.Equal(ReturnAddress, StepX30(e, Code));

        e.RestoreContext(saved);
        Assert.True(PointerAuth.IsEnabled(e));
        e.WriteRegister(Arm64.Registers["sp"], Stack - 0x10);
        e.WriteRegister(x30, ReturnAddress);
        Assert.Equal(signed, StepX30(e, Code));
    }

    [Fact]
    public void Setup_leaves_no_scratch_page_x0_or_pc_behind_and_keeps_the_fpu_and_shadow_stack()
    {
        using var e = Arm64.CreateEngine(Build("clang", "pac-bti"));
        Assert.False(e.TryRead(PointerAuth.SetupPage, new byte[4]));
        Assert.Equal(0UL, e.ReadRegister(Arm64.Registers["x0"]));
        Assert.Equal(0UL, e.ReadRegister(Arm64.Registers["pc"]));
        Assert.True(PointerAuth.IsEnabled(e));
        Assert.Equal(Arm64Backend.ShadowCallStack, e.ReadRegister(Arm64.Registers["x18"]));
        Assert.True(e.TryRead(Arm64Backend.ShadowCallStack, new byte[8]));
        Assert.Equal(PointerAuth.KeyLo, e.ReadArm64SystemRegister(3, 0, 2, 1, 0));
        Assert.Equal(PointerAuth.KeyHi, e.ReadArm64SystemRegister(3, 0, 2, 1, 1));
        Assert.Equal(PointerAuth.ScrEl3, e.ReadArm64SystemRegister(3, 6, 1, 1, 0) & PointerAuth.ScrEl3);
        Assert.Equal(PointerAuth.HcrEl2, e.ReadArm64SystemRegister(3, 4, 1, 1, 0));
    }

    [Fact]
    public void System_registers_round_trip_and_need_an_arm64_engine()
    {
        using var e = new Engine(UcArch.Arm64, UcMode.Arm);
        e.WriteArm64SystemRegister(3, 0, 13, 0, 4, 0x1234_5678_9abc_def0); // TPIDR_EL1
        Assert.Equal(0x1234_5678_9abc_def0UL, e.ReadArm64SystemRegister(3, 0, 13, 0, 4));
        // A host write of SCTLR_EL1 is stored, even though it does not enable PAC (the guest must msr it).
        Assert.False(PointerAuth.IsEnabled(e));

        using var x86 = new Engine(UcArch.X86, UcMode.Mode64);
        Assert.Throws<InvalidOperationException>(() => x86.ReadArm64SystemRegister(3, 0, 1, 0, 0));
    }

    [Fact]
    public void The_cpu_model_is_refused_once_the_cpu_exists()
    {
        using var late = new Engine(UcArch.Arm64, UcMode.Arm);
        late.Map(Code, 0x1000, UcProt.All);
        Assert.Equal(UcError.Arg, Assert.Throws<UnicornException>(() => late.SetCpuModel(Engine.Arm64CpuMax)).Code);

        using var early = new Engine(UcArch.Arm64, UcMode.Arm, Engine.Arm64CpuMax);
        // ID_AA64ISAR1_EL1.APA/API (bits 11:4) non-zero: the max CPU has FEAT_PAuth; the default A72 does not.
        Assert.NotEqual(0UL, early.ReadArm64SystemRegister(3, 0, 0, 6, 1) & 0xff0);
        Assert.Equal(0UL, late.ReadArm64SystemRegister(3, 0, 0, 6, 1) & 0xff0);
    }

    public static TheoryData<string> ControlSites() => ["c", "asm"];

    /// <summary>
    /// The negative control: the same corrupted return address ends at the flipped bit 53 where PAC is a NOP,
    /// at the poisoned bit 61 (bit 53 cleared by the failed authentication) where it is real.
    /// </summary>
    [Theory]
    [MemberData(nameof(ControlSites))]
    public void Pac_corrupt_control_returns_to_a_different_address_under_real_pac(string site)
    {
        var compiler = new Compiler();
        var nop = RunControl(compiler, BuildSpec.Default, site);
        var real = RunControl(compiler, Build("clang", "pac-bti"), site);

        // NOP PAC: the ret fetches from return address | bit 53, an unmapped page.
        Assert.Equal(Verdict.Fault, nop.Result.Verdict);
        Assert.Equal(FaultAccess.Fetch, nop.Result.Fault!.Access);
        var nopPc = nop.Result.Fault.Address;
        Assert.Equal(PacBit53, nopPc & ~AddressBits);

        // Real PAC: autiasp poisons the pointer (bits 62:61 = 01 for key A, PAC bits cleared); the ret
        // raises a prefetch abort at that address, which is a fetch fault too, at another address.
        Assert.Equal(Verdict.Fault, real.Result.Verdict);
        Assert.Equal(FaultAccess.Fetch, real.Result.Fault!.Access);
        var realPc = real.Result.Fault.Address;
        Assert.Equal(PoisonKeyA, realPc & ~AddressBits);

        Assert.NotEqual(nopPc, realPc);
        if (site == "asm")
        {
            // site.S is the same code in both builds: the same return address, tagged differently.
            Assert.Equal(nopPc & AddressBits, realPc & AddressBits);
        }
        foreach (var run in new[] { nop, real })
        {
            // The probe before the stub returned; the stub never did.
            Assert.Equal(1, run.Result.CallsCompleted);
            Assert.Equal(run.Case.Expected, run.Result.Verdict);
            Assert.Equal(run.Case.ExpectedTrapKind, run.Result.Trap?.Kind);
        }
    }

    private static (StubCase Case, CaseResult Result) RunControl(Compiler compiler, BuildSpec build, string site)
    {
        var c = StubMatrix.Build(Arm64, build)
            .Single(x => x.Stub.Name == $"control:{StubMatrix.PacCorruptControl}" && StubMatrix.SiteName(x.Site) == site);
        using var runner = new CaseRunner(Arm64, compiler, build);
        // A balanced case first, so the control runs on a context restored after another case, as in the matrix.
        var warmUp = StubMatrix.Build(Arm64, build).First(x => x.Site == c.Site && x.Stub.Name == "stub.S");
        Assert.Equal(Verdict.Balanced, runner.Run(warmUp).Verdict);
        return (c, runner.Run(c));
    }
}

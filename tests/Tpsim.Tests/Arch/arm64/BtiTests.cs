using Tpsim.Arch.Arm64;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;
using Tpsim.Harness.Cases;
using Xunit;

namespace Tpsim.Tests.Arch.Arm64;

/// <summary>
/// The arm64 pac-bti build enforces BTI (the MMU on over a guarded identity map, see <see cref="PointerAuth"/>): an
/// indirect branch to an instruction that is not a landing pad raises a Branch Target exception there, classified
/// as a "bti" trap; on the default build the bti hints are NOPs and the same branch just runs.
/// </summary>
public sealed class BtiTests
{
    private const ulong Code = 0x4000_0000;
    private const ulong Target = Code + 0x100;
    private const ulong Stack = 0x4010_0000;

    private static readonly byte[] BlrX9 = [0x20, 0x01, 0x3f, 0xd6];
    private static readonly byte[] BrX9 = [0x20, 0x01, 0x1f, 0xd6];
    private static readonly byte[] MovX9X9 = [0xe9, 0x03, 0x09, 0xaa];
    private static readonly byte[] BtiC = [0x5f, 0x24, 0x03, 0xd5]; // hint #34
    private static readonly byte[] BtiJ = [0x9f, 0x24, 0x03, 0xd5]; // hint #36
    private static readonly byte[] Paciasp = [0x3f, 0x23, 0x03, 0xd5];
    private static readonly byte[] Brk = [0x00, 0x00, 0x20, 0xd4];

    private static readonly Arm64Backend Arm64 = new();

    private static BuildSpec Build(string compiler, string config)
    {
        Assert.True(CompilerKinds.TryParse(compiler, out var kind));
        Assert.True(BuildConfigs.TryGet(config, out var cfg));
        return new BuildSpec(kind, cfg);
    }

    private sealed record Outcome(UcError Error, ulong Pc, uint? Interrupt, TrapKind? TrapKind);

    /// <summary>Runs <paramref name="branch"/> (through x9) at <see cref="Code"/> to <paramref name="landing"/> at <see cref="Target"/>, stopping at the brk after it.</summary>
    private static Outcome Branch(Engine e, byte[] branch, byte[] landing)
    {
        e.Write(Code, [.. branch, .. Brk]);
        e.Write(Target, [.. landing, .. Brk]);
        e.RemoveCache(Code, Code + 0x1000);
        e.WriteRegister(Arm64.Registers["x9"], Target);
        uint? interrupt = null;
        TrapKind? kind = null;
        using var hook = e.AddInterruptHook((en, intno) =>
        {
            interrupt ??= intno;
            kind ??= GuestEvents.Trap(en, Arm64, en.ReadRegister(Arm64.Registers["pc"])).Kind;
            en.Stop();
        });
        Arm64.PrepareIndirectCall(e, Code);
        var err = e.Run(Code, Target + 4, instructionBudget: 8);
        return new(err, e.ReadRegister(Arm64.Registers["pc"]), interrupt, kind);
    }

    private static Engine EngineFor(BuildSpec build)
    {
        var e = Arm64.CreateEngine(build);
        e.Map(Code, 0x1000, UcProt.Read | UcProt.Exec);
        e.Map(Stack - 0x1000, 0x1000, UcProt.Read | UcProt.Write);
        e.WriteRegister(Arm64.Registers["sp"], Stack - 0x10);
        return e;
    }

    [Theory]
    [InlineData("clang", "pac-bti", true)]
    [InlineData("gcc", "pac-bti", true)]
    [InlineData("clang", "default", false)]
    [InlineData("gcc", "scs", false)]
    public void An_indirect_call_to_a_non_landing_pad_traps_only_under_pac_bti(string compiler, string config, bool enforced)
    {
        using var e = EngineFor(Build(compiler, config));
        Assert.Equal(enforced, PointerAuth.IsMmuEnabled(e));
        var r = Branch(e, BlrX9, MovX9X9);
        if (enforced)
        {
            Assert.Equal(1u, r.Interrupt); // EXCP_UDEF: the Branch Target exception
            Assert.Equal(Target, r.Pc); // at the target, before it executes
            Assert.Equal(TrapKind.Bti, r.TrapKind);
            Assert.NotEqual(0UL, PointerAuth.BranchType(e));
        }
        else
        {
            Assert.Null(r.Interrupt);
            Assert.Equal(UcError.Ok, r.Error);
            Assert.Equal(Target + 4, r.Pc); // ran the target and stopped at the brk after it
            Assert.Equal(0UL, PointerAuth.BranchType(e));
        }
    }

    public static TheoryData<string, string, bool> Landings() => new()
    {
        { "blr", "bti c", true },
        { "blr", "paciasp", true },
        { "br", "bti j", true },
        { "blr", "bti j", false },
        { "br", "mov", false },
    };

    [Theory]
    [MemberData(nameof(Landings))]
    public void Landing_pads_must_match_the_branch_under_pac_bti(string branch, string landing, bool accepted)
    {
        using var e = EngineFor(Build("clang", "pac-bti"));
        var r = Branch(e, branch == "blr" ? BlrX9 : BrX9, landing switch
        {
            "bti c" => BtiC,
            "bti j" => BtiJ,
            "paciasp" => Paciasp,
            _ => MovX9X9,
        });
        if (accepted)
        {
            Assert.Null(r.Interrupt);
            Assert.Equal(Target + 4, r.Pc);
        }
        else
        {
            Assert.Equal(1u, r.Interrupt);
            Assert.Equal(Target, r.Pc);
            Assert.Equal(TrapKind.Bti, r.TrapKind);
        }
    }

    [Fact]
    public void The_next_run_after_a_bti_trap_starts_clean_and_unmapped_memory_still_faults()
    {
        using var e = EngineFor(Build("clang", "pac-bti"));
        Assert.Equal(1u, Branch(e, BlrX9, MovX9X9).Interrupt);
        // PrepareIndirectCall clears the BTYPE the trap left behind: the good landing pad runs.
        var again = Branch(e, BlrX9, BtiC);
        Assert.Null(again.Interrupt);
        Assert.Equal(Target + 4, again.Pc);

        // Identity map, GP set, but nothing mapped in Unicorn: still an unmapped access at that address.
        var faults = new List<(UcMemType Type, ulong Address)>();
        using var hook = e.AddInvalidMemoryHook((_, type, address, _, _) =>
        {
            faults.Add((type, address));
            return false;
        });
        e.Write(Code, [0x09, 0x02, 0x80, 0xd2, 0x29, 0x01, 0x40, 0xf9, .. Brk]); // mov x9, #0x10; ldr x9, [x9]
        e.RemoveCache(Code, Code + 0x1000);
        Assert.Equal(UcError.ReadUnmapped, e.Run(Code, Code + 8, instructionBudget: 4));
        Assert.Equal((UcMemType.ReadUnmapped, 0x10UL), faults.Single());
    }

    [Theory]
    [InlineData("c")]
    [InlineData("asm")]
    public void No_landing_pad_control_is_a_bti_trap_under_pac_bti_and_balanced_by_default(string site)
    {
        var compiler = new Compiler();
        foreach (var (build, expected) in new[] { (BuildSpec.Default, Verdict.Balanced), (Build("clang", "pac-bti"), Verdict.Trap), (Build("gcc", "pac-bti"), Verdict.Trap) })
        {
            var c = StubMatrix.Build(Arm64, build)
                .Single(x => x.Stub.Name == $"control:{StubMatrix.NoLandingPadControl}" && StubMatrix.SiteName(x.Site) == site);
            Assert.Equal(expected, c.Expected);
            using var runner = new CaseRunner(Arm64, compiler, build);
            var r = runner.Run(c);
            Assert.Equal(expected, r.Verdict);
            if (expected == Verdict.Trap)
            {
                Assert.Equal(TrapKind.Bti, c.ExpectedTrapKind);
                Assert.Equal(TrapKind.Bti, r.Trap!.Kind);
                Assert.Equal(1, r.CallsCompleted); // the probe before the stub returned, the stub never ran
            }
            // The stub with its landing pad is balanced in the same build, on the same runner.
            var stub = StubMatrix.Build(Arm64, build).First(x => x.Site == c.Site && x.Stub.Name == "stub.S");
            Assert.Equal(Verdict.Balanced, runner.Run(stub).Verdict);
        }
    }
}

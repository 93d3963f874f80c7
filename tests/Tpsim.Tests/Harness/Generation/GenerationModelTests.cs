using CsCheck;
using Tpsim.Arch.Arm;
using Tpsim.Arch.I386;
using Tpsim.Arch.Riscv64;
using Tpsim.Arch.S390x;
using Tpsim.Arch.X86_64;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.CrossCheck;
using Tpsim.Harness.Generation;
using Tpsim.Harness.Cases;
using Xunit;

namespace Tpsim.Tests.Harness.Generation;

/// <summary>The generator's model on its own: spec round trips, the ABI's stack-argument rules, prediction rules, shrinking, agreement.</summary>
public sealed class GenerationModelTests
{
    [Fact]
    public void Every_generated_case_reads_back_from_its_spec()
    {
        CaseGenerator.For(new ArmBackend()).Sample(g =>
        {
            Assert.True(GeneratedCase.TryParse(g.Spec, out var back, out var error), error);
            Assert.Equal(g.Spec, back!.Spec);
        }, iter: 500);
    }

    [Theory]
    // Stack-argument bytes by the psABIs: LP64 one 8-byte slot per argument past the registers (data included).
    [InlineData("x86_64", "l,l,l,l,l", 0)]
    [InlineData("x86_64", "l,l,l,l,l,c,u64", 16)]
    [InlineData("s390x", "c,s,i,l", 0)]
    [InlineData("s390x", "c,s,i,l,p", 8)]
    // i386 -mregparm=3: data in eax; a 64-bit integer takes edx:ecx, or goes to the stack with every later argument.
    [InlineData("i386", "u64", 0)]
    [InlineData("i386", "i,u64", 8)]
    [InlineData("i386", "i,u64,c", 12)]
    [InlineData("i386", "i,i,i", 4)]
    // AAPCS: data in r0; a 64-bit integer takes an even pair (r2:r3, skipping r1) or an 8-byte aligned stack slot.
    [InlineData("arm", "u64", 0)]
    [InlineData("arm", "i,u64", 0)]
    [InlineData("arm", "i,i,u64", 8)]
    [InlineData("arm", "i,i,u64,i", 12)]
    [InlineData("arm", "i,i,i,i,u64", 16)]
    public void Stack_argument_bytes_follow_the_abi(string isa, string proto, int bytes)
    {
        var backend = isa switch
        {
            "x86_64" => (Tpsim.Emulator.Isa.IsaBackend)new X86_64Backend(),
            "s390x" => new S390xBackend(),
            "i386" => new I386Backend(),
            _ => new ArmBackend(),
        };
        Assert.True(GeneratedPrototype.TryParse(proto, out var p, out var error), error);
        Assert.Equal(bytes, p.StackBytes(backend));
    }

    [Theory]
    [InlineData("proto=l;array=PPP;body=clobber:0:1,ret", "balanced", null, null)]
    [InlineData("proto=l;array=PSS;body=frame:1,clobber:0:1,ret", "unbalanced", "callee-saved", 1)]
    [InlineData("proto=l;array=SP;body=frame:1,clobber:0:1,sp", "unbalanced", "stack-pointer", 0)]
    [InlineData("proto=l;array=PS;body=own:1,ret", "unbalanced", "caller-frame", 1)]
    [InlineData("proto=l,l,l,l,l,l;array=PS;body=own:1,ret", "balanced", null, null)]
    [InlineData("proto=l;array=PS;body=clobber:0:1,loop", "timeout", null, 1)]
    public void Prediction_follows_the_rules_on_x86_64(string spec, string verdict, string? kind, int? call)
    {
        Assert.True(GeneratedCase.TryParse(spec, out var g, out var error), error);
        var (v, k, c) = g!.Predict(new X86_64Backend(), BuildSpec.Default);
        Assert.Equal(verdict, v.ToName());
        Assert.Equal(kind, k?.ToName());
        Assert.Equal(call, c);
    }

    [Fact]
    public void Under_kcfi_every_stub_is_predicted_to_trap()
    {
        Assert.True(GeneratedCase.TryParse("proto=i;array=PS;body=ret", out var g, out _));
        Assert.Equal(Verdict.Trap, g!.Predict(new Riscv64Backend(), new BuildSpec(CompilerKind.Clang, BuildConfigs.Kcfi)).Verdict);
    }

    [Fact]
    public void Shrinking_keeps_only_what_the_failure_needs()
    {
        Assert.True(GeneratedCase.TryParse("proto=c,u64,i,s,l,p;array=PPSPS;body=set:3:77,save:2:9,clobber:5:300,own:4,trap", out var g, out _));
        var runs = 0;
        var small = CaseShrinker.Shrink(g!, c => { runs++; return c.Array.Contains('S') && c.Body.Steps.Any(s => s.Kind == StepKind.Clobber); });
        Assert.Equal("proto=-;array=S;body=clobber:0:1,ret", small.Spec);
        Assert.True(runs < 200);
    }

    /// <summary>The agreement check itself can fail: a prediction that does not match what both executors saw is a disagreement.</summary>
    [Fact]
    public void A_wrong_prediction_is_a_disagreement_even_when_both_executors_agree()
    {
        var isa = new X86_64Backend();
        Assert.True(GeneratedCase.TryParse("proto=i;array=PS;body=clobber:0:5,ret", out var g, out _));
        var c = g!.ToStubCase(isa, BuildSpec.Default);
        using var runner = new CaseRunner(isa, new Compiler());
        using var oracle = new OracleExecutor(isa, new Compiler());
        var tpsim = runner.Run(c);
        var o = oracle.Run(c);
        Assert.Null(Agreement.Disagreement(c, tpsim, o));
        var wrong = c with { Expected = Verdict.Balanced, ExpectedViolation = null, ExpectedCall = null };
        Assert.Contains("the generator predicted balanced", Agreement.Disagreement(wrong, tpsim, o), StringComparison.Ordinal);
        var otherCall = c with { ExpectedCall = 0 };
        Assert.NotNull(Agreement.Disagreement(otherCall, tpsim, o));
    }
}

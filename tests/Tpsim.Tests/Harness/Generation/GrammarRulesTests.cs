using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Cases;
using Tpsim.Harness.Generation;
using Xunit;

namespace Tpsim.Tests.Harness.Generation;

/// <summary>
/// A generated stub (`check --generated`, crosscheck) never writes the stack pointer or a register the kernel reserves
/// (ppc64 r13, arm64 x18, riscv64 gp and tp, mips64 k0, k1 and gp): every ISA's grammar passes
/// <see cref="GrammarRules"/>, and a grammar that names such a register, in the assembler's own spelling, is refused.
/// </summary>
public sealed class GrammarRulesTests
{
    public static TheoryData<string> AllIsas() => [.. Isas.MatrixNames];

    [Theory]
    [MemberData(nameof(AllIsas))]
    public void Every_register_a_generated_stub_writes_is_allowed(string name)
    {
        var isa = Isas.Create(name);
        Assert.Empty(GrammarRules.Problems(isa));
        // Every step a spec can name (set:R and clobber:R pick by index, modulo the list) writes a register outside the
        // reserved set and the stack pointer.
        var forbidden = isa.Abi.Reserved.Append(isa.Abi.StackPointer).Select(r => isa.Registers[r]).ToHashSet();
        foreach (var reg in isa.Grammar.Scratch.Concat(isa.Grammar.Preserved))
        {
            Assert.DoesNotContain(isa.Registers[reg], forbidden);
        }
    }

    /// <summary>Negative controls: each reserved register, added to the preserved list as the assembler spells it, is refused by name.</summary>
    [Theory]
    [InlineData("ppc64", "13", "r13")]
    [InlineData("ppc64", "2", "r2")]
    [InlineData("ppc64", "1", "r1")]
    [InlineData("arm64", "x18", "x18")]
    [InlineData("riscv64", "gp", "gp")]
    [InlineData("riscv64", "tp", "tp")]
    [InlineData("mips64", "$28", "gp")]
    [InlineData("mips64", "$26", "k0")]
    [InlineData("x86_64", "rsp", "rsp")]
    [InlineData("s390x", "r15", "r15")]
    public void A_grammar_that_writes_a_reserved_register_is_refused(string name, string spelled, string named)
    {
        var isa = Isas.Create(name);
        var bad = isa.Grammar with { Preserved = [.. isa.Grammar.Preserved, spelled] };
        var problem = Assert.Single(GrammarRules.Problems(name, isa.Abi, isa.Registers, bad));
        Assert.Contains($"'{spelled}'", problem, StringComparison.Ordinal);
        Assert.Contains(named, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_grammar_whose_lists_mix_up_caller_and_callee_saved_registers_is_refused()
    {
        var isa = Isas.Create("x86_64");
        var swapped = isa.Grammar with { Scratch = ["rbx"], Preserved = ["rax"] };
        var problems = GrammarRules.Problems("x86_64", isa.Abi, isa.Registers, swapped);
        Assert.Equal(2, problems.Count);
        Assert.Contains("scratch register 'rbx' is callee-saved", problems[0], StringComparison.Ordinal);
        Assert.Contains("preserved register 'rax' is not callee-saved", problems[1], StringComparison.Ordinal);
        var unknown = isa.Grammar with { Scratch = ["r99"] };
        Assert.Contains("'r99' is no x86_64 register", Assert.Single(GrammarRules.Problems("x86_64", isa.Abi, isa.Registers, unknown)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_generated_case_checks_the_grammar_before_it_writes_a_stub()
    {
        Assert.True(GeneratedCase.TryParse("proto=i;array=PSP;body=clobber:0:7,ret", out var c, out var error), error);
        foreach (var isa in Isas.MatrixNames.Select(Isas.Create))
        {
            Assert.Contains(isa.Grammar.Preserved[0], c!.ToStubCase(isa, BuildSpec.Default).Stub.Text, StringComparison.Ordinal);
        }
        var ppc64 = Isas.Create("ppc64");
        var bad = ppc64.Grammar with { Preserved = ["13"] };
        var refused = Assert.Throws<CaseInputException>(() => GrammarRules.Check("ppc64", ppc64.Abi, ppc64.Registers, bad));
        Assert.StartsWith("refused: the ppc64 stub grammar's preserved register '13' is r13, which the kernel reserves", refused.Message, StringComparison.Ordinal);
    }
}

using Tpsim.Arch.Arm;
using Tpsim.Arch.Arm64;
using Tpsim.Arch.I386;
using Tpsim.Arch.Riscv64;
using Tpsim.Arch.X86_64;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Harness.Cases;
using Xunit;

namespace Tpsim.Tests.Harness.Cases;

/// <summary>
/// Every deliberately broken stub must fail the way its ISA's data file (Data/Controls/&lt;isa&gt;.txt)
/// says, down to the register or address: proof that each check can fail. The data file is written
/// independently of the controls' own "expect:" headers, so the two cross-check each other.
/// </summary>
public abstract class NegativeControlTests<TBackend>(RunnerFixture<TBackend> fixture) : IClassFixture<RunnerFixture<TBackend>>
    where TBackend : IsaBackend, new()
{
    /// <summary>One line of a controls data file: control, site, verdict, detail, what.</summary>
    public static TheoryData<string, string, string, string, string> Rows()
    {
        var data = new TheoryData<string, string, string, string, string>();
        foreach (var row in ReadRows(new TBackend().Name))
        {
            data.Add(row[0], row[1], row[2], row[3], row[4]);
        }
        return data;
    }

    private static IEnumerable<string[]> ReadRows(string isa) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Data", "Controls", $"{isa}.txt"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries))
            .Select(p => p.Length == 5 ? p : throw new InvalidDataException($"{isa}.txt: expected 5 columns in '{string.Join(' ', p)}'"));

    [Theory]
    [MemberData(nameof(Rows))]
    public void Control_fails_as_expected(string control, string site, string verdict, string detail, string what)
    {
        var c = fixture.Cases.Values.Single(x => x.Stub.Name == $"control:{control}" && StubMatrix.SiteName(x.Site) == site);
        var r = fixture.Runner.Run(c);
        var shown = $"{control}/{site} ({what}): got {r.Verdict.ToName()} {string.Join("; ", r.Violations)} {r.Trap} {r.Fault}";
        Assert.True(verdict == r.Verdict.ToName(), shown);
        Assert.Equal(c.Expected, r.Verdict);
        switch (r.Verdict)
        {
            case Verdict.Balanced:
                Assert.Equal("-", detail);
                Assert.Empty(r.Violations);
                Assert.Equal(c.Shape.Entries.Count, r.CallsCompleted);
                break;
            case Verdict.Unbalanced:
                // detail is kind:register[@call], e.g. stack-pointer:rsp, caller-frame:* (any address), argument:a6@2
                var at = detail.Split('@');
                var call = at.Length > 1 ? int.Parse(at[1], System.Globalization.CultureInfo.InvariantCulture) : 1;
                var (kind, reg) = (at[0].Split(':')[0], at[0].Split(':')[1]);
                var first = r.Violations[0];
                Assert.True(kind == first.Kind.ToName() && (reg == "*" || reg == first.Register), shown);
                Assert.Equal(c.ExpectedViolation, first.Kind);
                // The first violating call is the one named (by default the stub, entry 1 of probe, stub, probe); every call before it passed.
                Assert.Equal(call, first.Call);
                Assert.Equal(call, r.CallsCompleted);
                break;
            case Verdict.Trap:
                // detail is kind:instruction, e.g. invalid-instruction:ud2
                Assert.Equal(detail, $"{r.Trap!.Kind.ToName()}:{r.Trap.Instruction}");
                break;
            case Verdict.Fault:
                // detail is access:address
                Assert.Equal(detail, $"{r.Fault!.Access.ToName()}:0x{r.Fault.Address:x}");
                Assert.NotEqual(0UL, r.Fault.Pc);
                break;
            case Verdict.Timeout:
                Assert.Equal("-", detail);
                break;
            default:
                Assert.Fail(shown);
                break;
        }
    }

    [Fact]
    public void Every_shipped_control_has_a_row_for_each_site()
    {
        var rows = ReadRows(fixture.Isa.Name).Select(r => (r[0], r[1])).ToHashSet();
        foreach (var control in fixture.Isa.Controls)
        {
            Assert.Contains((control.Name, "c"), rows);
            Assert.Contains((control.Name, "asm"), rows);
        }
    }

    /// <summary>What the ISA's callee-pop control pops: 16 on the 64-bit ISAs, 8 for i386's stdcall-style <c>ret $8</c>.</summary>
    protected virtual long CalleePopBytes => 16;

    [Fact]
    public void Callee_pop_violation_names_the_byte_count()
    {
        var c = fixture.Cases.Values.First(x => x.Stub.Name == "control:callee-pop");
        var v = fixture.Runner.Run(c).Violations[0];
        Assert.Equal(CalleePopBytes, (long)(v.Actual - v.Expected));
    }
}

public sealed class NegativeControlTestsX86_64(RunnerFixture<X86_64Backend> f) : NegativeControlTests<X86_64Backend>(f);

public sealed class NegativeControlTestsArm64(RunnerFixture<Arm64Backend> f) : NegativeControlTests<Arm64Backend>(f);

public sealed class NegativeControlTestsRiscv64(RunnerFixture<Riscv64Backend> f) : NegativeControlTests<Riscv64Backend>(f);

public sealed class NegativeControlTestsI386(RunnerFixture<I386Backend> f) : NegativeControlTests<I386Backend>(f)
{
    protected override long CalleePopBytes => 8;
}

public sealed class NegativeControlTestsS390x(RunnerFixture<Tpsim.Arch.S390x.S390xBackend> f) : NegativeControlTests<Tpsim.Arch.S390x.S390xBackend>(f)
{
    /// <summary>s390x has no popping return; its callee-pop control adds 8 to r15 before <c>br %r14</c>.</summary>
    protected override long CalleePopBytes => 8;
}

public sealed class NegativeControlTestsArm(RunnerFixture<ArmBackend> f) : NegativeControlTests<ArmBackend>(f)
{
    protected override long CalleePopBytes => 8;
}

public sealed class NegativeControlTestsMips64(RunnerFixture<Tpsim.Arch.Mips64.Mips64Backend> f) : NegativeControlTests<Tpsim.Arch.Mips64.Mips64Backend>(f);

public sealed class NegativeControlTestsPpc64(RunnerFixture<Tpsim.Arch.Ppc64.Ppc64Backend> f) : NegativeControlTests<Tpsim.Arch.Ppc64.Ppc64Backend>(f);

using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Tracing;
using Tpsim.Harness.Cases;

namespace Tpsim.Harness.Running;

/// <summary>
/// Runs cases again instruction by instruction (<see cref="CaseRunner.Explain"/>) for reports that show why a case
/// ended as it did: one runner per ISA and build, a fresh one when a runner's stub slots are full. Disassembles the
/// traces with LLVM's disassembler.
/// </summary>
public static class CaseExplainer
{
    /// <summary>An explanation of every case in <paramref name="cases"/>, keyed by the case object.</summary>
    public static IReadOnlyDictionary<StubCase, CaseExplanation> Explain(IEnumerable<StubCase> cases, Compiler compiler)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(compiler);
        var explained = new Dictionary<StubCase, CaseExplanation>(ReferenceEqualityComparer.Instance);
        foreach (var group in cases.GroupBy(c => (c.Isa.Name, c.Build)))
        {
            var first = group.First();
            var runner = new CaseRunner(first.Isa, compiler, first.Build);
            try
            {
                foreach (var c in group)
                {
                    if (!runner.HasRoomFor(c))
                    {
                        runner.Dispose();
                        runner = new CaseRunner(first.Isa, compiler, first.Build);
                    }
                    explained[c] = runner.Explain(c);
                }
            }
            finally
            {
                runner.Dispose();
            }
        }
        TraceText.Fill(explained.Values.Select(e => (e.Case.Isa, e.Trace)));
        return explained;
    }

    /// <summary>The outcomes a report explains: every case that did not end balanced (violation, trap, fault, timeout).</summary>
    public static IEnumerable<StubCase> NotBalanced(IEnumerable<CaseOutcome> outcomes) =>
        outcomes.Where(o => o.Result.Verdict != Verdict.Balanced && o.Case.Site != SiteKind.Kernel).Select(o => o.Case);
}

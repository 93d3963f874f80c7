using Tpsim.Emulator.Running;
using System.Diagnostics;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Cases;

namespace Tpsim.Harness.Running;

/// <summary>Runs the matrix: one thread, one compiler and one <see cref="CaseRunner"/> per ISA.</summary>
public static class MatrixRun
{
    /// <param name="compiler">The compiler every ISA's thread uses; a new one on the default cache when null.</param>
    /// <param name="cases">The cases of one ISA and build; <see cref="StubMatrix.Build"/> when null.</param>
    public static IReadOnlyList<IsaOutcomes> Execute(
        IReadOnlyList<IsaBackend> isas, IReadOnlyList<BuildSpec>? builds = null, Compiler? compiler = null, Func<IsaBackend, BuildSpec, IReadOnlyList<StubCase>>? cases = null) =>
        PerIsa.Run(isas, (isa, abort) => RunIsa(isa, builds ?? [BuildSpec.Default], compiler ?? new Compiler(), cases ?? StubMatrix.Build, isas.Count, abort));

    private static IsaOutcomes RunIsa(
        IsaBackend isa, IReadOnlyList<BuildSpec> builds, Compiler compiler, Func<IsaBackend, BuildSpec, IReadOnlyList<StubCase>> caseSource, int isaCount, CancellationToken abort)
    {
        var total = Stopwatch.StartNew();
        var outcomes = new List<CaseOutcome>();
        var skipped = new List<SkippedBuild>();
        foreach (var build in builds)
        {
            if (!build.IsDefault && isa.Toolchain.FlagsFor(build, out var reason) is null)
            {
                skipped.Add(new SkippedBuild(isa.Name, build, reason!));
                continue;
            }
            // One runner per build and worker: its probes and sites are compiled with that build's flags. A matrix of
            // fewer ISAs than cores shares the cores between an ISA's cases.
            var cases = caseSource(isa, build);
            outcomes.AddRange(OrderedWorkers.Map(cases, OrderedWorkers.PerIsa(isaCount, cases.Count), () => new CaseRunner(isa, compiler, build), (runner, stubCase) =>
            {
                var watch = Stopwatch.StartNew();
                try
                {
                    return new CaseOutcome(stubCase, runner.Run(stubCase), watch.Elapsed) { Commands = runner.Commands(stubCase) };
                }
                catch (Exception ex)
                {
                    throw new CaseFailedException(stubCase.Name, ex);
                }
            }, abort));
        }
        return new IsaOutcomes(isa, outcomes, total.Elapsed) { Skipped = skipped };
    }
}

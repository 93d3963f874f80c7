using System.Diagnostics;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Scenarios;
using Tpsim.KernelSim.Strategies;
using Tpsim.Linux;
using Tpsim.Linux.Build;
using Tpsim.Linux.Scenarios;
using Tpsim.Linux.Trees;

namespace Tpsim.Cli.Bench;

/// <summary>One ISA's kernel built from nothing: prepare, tracepoint.o and the seed's modules; then the same again.</summary>
/// <param name="MakeRuns">make processes the cold build started.</param>
/// <param name="SecondRunMakes">make processes a second cold run started (0: everything was cached).</param>
public sealed record KernelBuildFigure(string Isa, double ColdSeconds, long MakeRuns, long SecondRunMakes);

/// <summary>The kernel section of <c>tpsim bench</c>.</summary>
public sealed record KernelFigure(IReadOnlyList<KernelBuildFigure> Cold, double WarmSeedSeconds, string WarmCommand);

/// <summary>
/// Real-kernel costs: each ISA's build in an empty build cache (the unpacked linux-6.12 tree is reused: unpacking is
/// once per machine, not per ISA), timed until the seed has run on it; a second run on that cache, whose make count
/// must be 0; and the warm seed on the three ISAs as a user runs it, a child tpsim on the default cache.
/// </summary>
public static class KernelBench
{
    public const string Spec = "linux-6.12";

    public static KernelFigure Measure(IReadOnlyList<IsaBackend> isas, Action<string> progress)
    {
        var main = new KernelCache(Compiler.DefaultCacheDirectory());
        var tree = new KernelTrees(main, progress).Open(KernelSpec.Parse(Spec));
        var seed = BuiltinScenarios.Load("seed", Strategies.Names);
        var empty = Directory.CreateTempSubdirectory("tpsim-bench-kernel-");
        var cold = new List<KernelBuildFigure>();
        try
        {
            var cache = new KernelCache(empty.FullName);
            foreach (var isa in isas)
            {
                var (seconds, makes) = Timed(() => new LinuxScenarioRunner(cache).Run(seed, new KernelBuilds(cache, progress).Prepare(tree, isa, BuildSpec.Default)));
                var (_, again) = Timed(() => new LinuxScenarioRunner(cache).Run(seed, new KernelBuilds(cache).Prepare(tree, isa, BuildSpec.Default)));
                cold.Add(new KernelBuildFigure(isa.Name, seconds, makes, again));
            }
        }
        finally
        {
            empty.Delete(recursive: true);
        }
        string[] args = ["scenario", "--builtin", "seed", "--kernel", Spec, "--arch", string.Join(',', isas.Select(i => i.Name))];
        Child(args); // builds what the default cache lacks; the timed run below finds it all
        var watch = Stopwatch.StartNew();
        Child(args);
        return new KernelFigure(cold, watch.Elapsed.TotalSeconds, "tpsim " + string.Join(' ', args));
    }

    private static (double Seconds, long Makes) Timed(Action work)
    {
        var makes = KernelBuilds.MakeRuns;
        var watch = Stopwatch.StartNew();
        work();
        return (watch.Elapsed.TotalSeconds, KernelBuilds.MakeRuns - makes);
    }

    private static void Child(IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(KernelBench).Assembly.Location);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var p = Process.Start(start) ?? throw new InvalidOperationException("cannot start the warm seed's child tpsim");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        stdout.GetAwaiter().GetResult();
        if (p.ExitCode != 0)
        {
            throw new KernelInputException($"the warm seed ({string.Join(' ', args)}) exited {p.ExitCode}: {stderr.Trim()}");
        }
    }
}

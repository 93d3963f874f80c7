using System.Text;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Scenarios;
using Tpsim.KernelSim.Scenarios.Running;
using Tpsim.KernelSim.Strategies;
using Tpsim.Linux;
using Tpsim.Linux.Build;
using Tpsim.Linux.Scenarios;

namespace Tpsim.Harness.Kernel;

/// <summary>One step where the simulated kernel and the real one disagree.</summary>
public sealed record StepDifference(int Seed, int Line, string Command, string What, string Model, string Real);

/// <summary>
/// The model against the real kernel: generated operation sequences (register, unregister, injected allocation
/// failures, fires) run as the same scenario on the simulated kernel with a strategy and on a kbuild-built tree, and
/// every step's return code, array, calls, fire verdict and the sleeping services a (un)register reached compared. A difference names the seed, the line and
/// both values; <see cref="Scenario(int)"/> gives the file that reproduces it with <c>tpsim scenario</c>.
/// </summary>
/// <param name="strategy">The strategy the tree was patched to (<see cref="Linux.Strategies.LinuxStrategies"/>); the model runs the same.</param>
public sealed class KernelDifferential(KernelBuild build, KernelCache cache, Compiler compiler, string strategy = Linux.Strategies.LinuxStrategies.Tree)
{
    private static readonly string[] Probes = ["a", "b", "c"];

    /// <summary>Operations per generated sequence (after the declarations).</summary>
    public const int Length = 16;

    /// <summary>The generated scenario of <paramref name="seed"/>: one tracepoint of three arguments, one module of three probes.</summary>
    public static string Scenario(int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder($"# tpsim differential sequence, seed {seed}\ntracepoint t 3\nmodule m probes {string.Join(' ', Probes)}\nload m\n");
        for (var i = 0; i < Length; i++)
        {
            var probe = $"m.{Probes[random.Next(Probes.Length)]} data=0x{0x10 + random.Next(2):x}";
            switch (random.Next(10))
            {
                case < 4:
                    text.Append($"register t {probe}\n");
                    break;
                case < 7:
                    text.Append($"unregister t {probe}\n");
                    break;
                case < 8:
                    text.Append("fail-alloc\n");
                    break;
                default:
                    text.Append($"fire t {i + 1} {i + 2} {i + 3}\n");
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>Runs sequence <paramref name="seed"/> on both kernels; the model runs <paramref name="model"/>, by default the tree's strategy.</summary>
    public IReadOnlyList<StepDifference> Compare(int seed, RemovalStrategy? model = null)
    {
        var scenario = ScenarioParser.Parse(Scenario(seed), $"differential-{seed}.tps", Strategies.Names);
        if (model is null && !Strategies.TryGet(strategy, out model))
        {
            throw new ArgumentException($"the model has no strategy '{strategy}'", nameof(model));
        }
        var modelRun = new ScenarioRunner(compiler).Run(scenario, build.Isa, model, build.Build);
        var real = new LinuxScenarioRunner(cache) { Strategy = strategy }.Run(scenario, build);
        var differences = new List<StepDifference>();
        foreach (var (m, r) in modelRun.Steps.Zip(real.Steps))
        {
            void Differ(string what, string a, string b)
            {
                if (a != b)
                {
                    differences.Add(new StepDifference(seed, m.Line, m.Command, what, a, b));
                }
            }
            Differ("return", m.Return?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", r.Return?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-");
            Differ("array", List(m.Array), List(r.Array));
            Differ("calls", List(m.Calls), List(r.Calls));
            Differ("verdict", m.Run?.Verdict.ToName() ?? "-", r.Run?.Verdict.ToName() ?? "-");
            Differ("sleeps", List(m.Sleeps), List(r.Sleeps));
        }
        if (modelRun.Steps.Count != real.Steps.Count)
        {
            differences.Add(new StepDifference(seed, 0, "", "steps", $"{modelRun.Steps.Count}", $"{real.Steps.Count}"));
        }
        return differences;
    }

    private static string List(IReadOnlyList<string>? items) => items is null ? "-" : $"[{string.Join(", ", items)}]";
}

using Tpsim.KernelSim.Bench;
using System.Diagnostics;
using System.Globalization;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Cli.Bench;

/// <summary>
/// Runs <see cref="FireRateBench"/> for one ISA in a child tpsim, as a per-architecture CI job runs tpsim: .NET's
/// profile-guided recompilation of the shared fire path then sees that ISA's backend only. (Measured one after another
/// in one process, the later ISAs ran the code the earlier ones had trained, riscv64 about 3% slower.) With
/// TPSIM_BENCH_FIRE_RATE set to an ISA name, <c>tpsim bench</c> measures only that and prints one line.
/// </summary>
public static class FireRateChild
{
    public const string Variable = "TPSIM_BENCH_FIRE_RATE";

    public static FireRateFigure Measure(IsaBackend isa)
    {
        ArgumentNullException.ThrowIfNull(isa);
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { typeof(FireRateChild).Assembly.Location, "bench", "--arch", isa.Name })
        {
            start.ArgumentList.Add(a);
        }
        start.Environment[Variable] = isa.Name;
        using var p = Process.Start(start) ?? throw new InvalidOperationException("cannot start the fire rate's child tpsim");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var error = stderr.GetAwaiter().GetResult();
        var line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith("fire-rate ", StringComparison.Ordinal));
        if (p.ExitCode != 0 || line is null)
        {
            throw new ToolchainException($"the fire rate's child tpsim for {isa.Name} exited {p.ExitCode} without its figure: {error.Trim()}");
        }
        return Parse(line, isa.Name);
    }

    /// <summary>The child's side: measures and prints <c>fire-rate TPSIM C RATIO INSNS [NOTE]</c>.</summary>
    public static int Run(IsaBackend isa, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var loop = NativeRunLoop.Build();
        var f = FireRateBench.Measure(isa, new Compiler(), loop);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fire-rate {f.TpsimFiresPerSecond:R} {f.CFiresPerSecond:R} {f.Ratio:R} {f.InstructionsPerFire} {f.Note}").TrimEnd());
        return 0;
    }

    private static FireRateFigure Parse(string line, string isa)
    {
        var parts = line.Split(' ', 6);
        static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        var note = parts.Length > 5 && parts[5].Length > 0 ? parts[5] : null;
        return new FireRateFigure(isa, D(parts[1]), D(parts[2]), long.Parse(parts[4], CultureInfo.InvariantCulture))
        {
            RoundRatio = double.IsNaN(D(parts[3])) ? null : D(parts[3]),
            Note = note,
        };
    }
}

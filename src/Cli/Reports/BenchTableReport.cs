using System.Globalization;
using Spectre.Console;
using Tpsim.Cli.Bench;
using Tpsim.Harness.Bench;
using Tpsim.KernelSim.Bench;

namespace Tpsim.Cli.Reports;

/// <summary><c>bench --format table</c>: each figure as a ratio against its goal, then the raw medians.</summary>
public static class BenchTableReport
{
    public static void Write(IAnsiConsole console, BenchResult r)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(r);
        static string F(double v, string format = "0.##") => v.ToString(format, CultureInfo.InvariantCulture);
        static string Mark(bool met) => met ? "[green]met[/]" : "[red]not met[/]";

        var summary = new Table().Border(TableBorder.Rounded).AddColumns("figure", "value", "goal", "");
        summary.AddRow("per-case speed-up vs qemu-user (or the host CPU)", $"{F(r.PerCaseSpeedup, "0.0")}x", ">= 100x", Mark(r.PerCaseSpeedup >= 100));
        foreach (var f in r.FireRates)
        {
            summary.AddRow($"fire rate vs C loop, {f.Isa}", double.IsNaN(f.Ratio) ? "n/a" : F(f.Ratio, "0.000"), ">= 0.75", double.IsNaN(f.Ratio) ? "no C loop" : Mark(f.Ratio >= 0.75));
        }
        summary.AddRow("cold matrix vs compile only", F(r.ColdMatrix.Ratio, "0.00"), "<= 1.3", Mark(r.ColdMatrix.Ratio <= 1.3));
        summary.AddRow("peak memory, full grid", $"{F(r.GridMemory.PeakMemoryMB, "0")} MB", "< 500 MB", Mark(r.GridMemory.PeakMemoryMB < 500));
        if (r.Kernel is { } k)
        {
            foreach (var c in k.Cold)
            {
                summary.AddRow($"real kernel cold build, {c.Isa}", $"{F(c.ColdSeconds, "0.0")} s", "< 90 s", Mark(c.ColdSeconds < 90));
            }
            summary.AddRow("real kernel second cold run: make processes", $"{k.Cold.Sum(c => c.SecondRunMakes)}", "0", Mark(k.Cold.All(c => c.SecondRunMakes == 0)));
            summary.AddRow("real kernel warm seed", $"{F(k.WarmSeedSeconds, "0.00")} s", "< 3 s", Mark(k.WarmSeedSeconds < 3));
        }
        console.Write(summary);

        var raw = new Table().Border(TableBorder.Rounded).AddColumns("ISA", "tpsim/case (us)", "oracle/case (us)", "tpsim fires/s", "C loop fires/s", "insns/fire");
        foreach (var p in r.PerCase)
        {
            var f = r.FireRates.FirstOrDefault(x => x.Isa == p.Isa);
            raw.AddRow(p.Isa, F(p.TpsimMicroseconds, "0"), F(p.OracleMicroseconds, "0"),
                f is null ? "-" : F(f.TpsimFiresPerSecond, "0"), f is null || double.IsNaN(f.CFiresPerSecond) ? "-" : F(f.CFiresPerSecond, "0"),
                f is null ? "-" : f.InstructionsPerFire.ToString(CultureInfo.InvariantCulture));
        }
        console.Write(raw);
        foreach (var f in r.FireRates.Where(f => f.Note is not null))
        {
            console.MarkupLineInterpolated($"{f.Isa}: {f.Note}");
        }
        console.MarkupLineInterpolated($"cold matrix: {F(r.ColdMatrix.MatrixSeconds)} s for {r.ColdMatrix.Cases} cases; its {r.ColdMatrix.CompilerProcesses} compiler processes alone: {F(r.ColdMatrix.CompileOnlySeconds)} s");
        if (r.Kernel is { } kernel)
        {
            console.MarkupLineInterpolated($"real kernel: cold builds (prepare, tracepoint.o, the seed's modules, then the seed) {string.Join(", ", kernel.Cold.Select(c => $"{c.Isa} {F(c.ColdSeconds, "0.0")} s with {c.MakeRuns} make runs"))}; warm: {kernel.WarmCommand}");
        }
        console.MarkupLineInterpolated($"full grid: {F(r.GridMemory.Seconds, "0.0")} s, peak {F(r.GridMemory.PeakMemoryMB, "0")} MB; nproc {r.ProcessorCount}, {r.Date:yyyy-MM-dd}");
    }
}

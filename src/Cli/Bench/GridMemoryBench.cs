using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Cli.Bench;

/// <summary>
/// Peak memory of the full grid (<c>matrix --compiler all --config all</c>), in a child tpsim so that nothing else
/// the benchmark holds counts: with TPSIM_PEAK_MEMORY=1 a tpsim process ends stderr with its own peak resident set.
/// </summary>
public static partial class GridMemoryBench
{
    public static GridMemoryFigure Measure()
    {
        var dll = typeof(GridMemoryBench).Assembly.Location;
        string[] args = [dll, "matrix", "--compiler", "all", "--config", "all", "--format", "json", "--out", "/dev/null"];
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["TPSIM_PEAK_MEMORY"] = "1";
        var w = Stopwatch.StartNew();
        using var p = Process.Start(start) ?? throw new InvalidOperationException("cannot start the grid's child tpsim");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        stdout.GetAwaiter().GetResult();
        var m = PeakLine().Match(stderr);
        if (p.ExitCode != 0 || !m.Success)
        {
            throw new ToolchainException($"the full grid exited {p.ExitCode} without its peak memory: {stderr.Trim()}");
        }
        return new GridMemoryFigure(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), w.Elapsed.TotalSeconds, "tpsim matrix --compiler all --config all");
    }

    [GeneratedRegex(@"tpsim: peak memory ([0-9.]+) MB")]
    private static partial Regex PeakLine();
}

using System.Globalization;
using Tpsim.Cli.Bench;
using Tpsim.Harness.Bench;
using Tpsim.KernelSim.Bench;

namespace Tpsim.Cli.Reports;

/// <summary>
/// <c>bench --format json</c>. The contract: <c>perCaseSpeedupVsQemu</c> (number), <c>fireRateVsC</c> (ISA to ratio),
/// <c>coldMatrixVsCompileOnly</c> (number), <c>peakMemoryMB</c> (number), and the raw medians under <c>raw</c>;
/// extended with <c>goals</c>, <c>nproc</c> and <c>date</c>.
/// </summary>
public static class BenchJsonReport
{
    public static void Write(Stream stream, BenchResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        using var w = ResultJson.CreateWriter(stream);
        w.WriteStartObject();
        w.WriteNumber("perCaseSpeedupVsQemu", Math.Round(r.PerCaseSpeedup, 2));
        w.WriteStartObject("fireRateVsC");
        foreach (var f in r.FireRates)
        {
            if (double.IsNaN(f.Ratio))
            {
                w.WriteNull(f.Isa);
            }
            else
            {
                w.WriteNumber(f.Isa, Math.Round(f.Ratio, 3));
            }
        }
        w.WriteEndObject();
        w.WriteNumber("coldMatrixVsCompileOnly", Math.Round(r.ColdMatrix.Ratio, 3));
        w.WriteNumber("peakMemoryMB", r.GridMemory.PeakMemoryMB);
        if (r.Kernel is { } k)
        {
            w.WriteStartObject("kernelColdBuildSeconds");
            foreach (var c in k.Cold)
            {
                w.WriteNumber(c.Isa, Math.Round(c.ColdSeconds, 1));
            }
            w.WriteEndObject();
            w.WriteNumber("kernelWarmSeedSeconds", Math.Round(k.WarmSeedSeconds, 2));
        }

        w.WriteStartObject("raw");
        w.WriteStartObject("perCase");
        foreach (var p in r.PerCase)
        {
            w.WriteStartObject(p.Isa);
            w.WriteNumber("cases", p.Cases);
            w.WriteNumber("tpsimMedianUs", Math.Round(p.TpsimMicroseconds, 1));
            w.WriteNumber("oracleMedianUs", Math.Round(p.OracleMicroseconds, 1));
            w.WriteNumber("speedup", Math.Round(p.Speedup, 2));
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("fireRate");
        foreach (var f in r.FireRates)
        {
            w.WriteStartObject(f.Isa);
            w.WriteNumber("tpsimFiresPerSecond", Math.Round(f.TpsimFiresPerSecond));
            if (double.IsNaN(f.CFiresPerSecond))
            {
                w.WriteNull("cFiresPerSecond");
                w.WriteString("note", f.Note);
            }
            else
            {
                w.WriteNumber("cFiresPerSecond", Math.Round(f.CFiresPerSecond));
            }
            w.WriteNumber("instructionsPerFire", f.InstructionsPerFire);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("coldMatrix");
        w.WriteNumber("cases", r.ColdMatrix.Cases);
        w.WriteNumber("matrixSeconds", Math.Round(r.ColdMatrix.MatrixSeconds, 2));
        w.WriteNumber("compileOnlySeconds", Math.Round(r.ColdMatrix.CompileOnlySeconds, 2));
        w.WriteNumber("compilerProcesses", r.ColdMatrix.CompilerProcesses);
        w.WriteEndObject();
        if (r.Kernel is { } kernel)
        {
            w.WriteStartObject("kernel");
            w.WriteStartObject("coldBuild");
            foreach (var c in kernel.Cold)
            {
                w.WriteStartObject(c.Isa);
                w.WriteNumber("seconds", Math.Round(c.ColdSeconds, 1));
                w.WriteNumber("makeRuns", c.MakeRuns);
                w.WriteNumber("secondRunMakeRuns", c.SecondRunMakes);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteNumber("warmSeedSeconds", Math.Round(kernel.WarmSeedSeconds, 2));
            w.WriteString("warmCommand", kernel.WarmCommand);
            w.WriteEndObject();
        }
        w.WriteStartObject("grid");
        w.WriteString("command", r.GridMemory.Command);
        w.WriteNumber("seconds", Math.Round(r.GridMemory.Seconds, 1));
        w.WriteNumber("peakMemoryMB", r.GridMemory.PeakMemoryMB);
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartObject("goals");
        w.WriteNumber("perCaseSpeedupVsQemu", 100);
        w.WriteNumber("fireRateVsC", 0.75);
        w.WriteNumber("coldMatrixVsCompileOnly", 1.3);
        w.WriteNumber("peakMemoryMB", 500);
        w.WriteNumber("kernelColdBuildSeconds", 90);
        w.WriteNumber("kernelWarmSeedSeconds", 3);
        w.WriteEndObject();
        w.WriteNumber("nproc", r.ProcessorCount);
        w.WriteString("date", r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteEndObject();
    }
}

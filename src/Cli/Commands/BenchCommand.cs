using Spectre.Console;
using Spectre.Console.Cli;
using Tpsim.Cli.Reports;
using Tpsim.Cli.Bench;
using Tpsim.Harness.Bench;
using Tpsim.KernelSim.Bench;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.CrossCheck;

namespace Tpsim.Cli.Commands;

/// <summary>
/// <c>tpsim bench</c>: measures, side by side in one run, per-case cost against the same case as a program under
/// qemu-user (natively on x86_64), fire rate against a C loop on libunicorn, the cold matrix against its compiler
/// processes alone, and the full grid's peak memory. Prints ratios and raw medians; exit 0 when every figure was
/// measured (the goals are reported, not enforced: a benchmark is not a test).
/// </summary>
public sealed class BenchCommand : Command<BenchSettings>
{
    public override int Execute(CommandContext context, BenchSettings settings, CancellationToken cancellationToken)
    {
        var format = OptionParsing.Format(settings.Format, ReportFormat.Table, ReportFormat.Json);
        var isas = IsaCatalog.ResolveList(settings.Arch);
        if (Environment.GetEnvironmentVariable(FireRateChild.Variable) is { Length: > 0 } only)
        {
            return FireRateChild.Run(IsaCatalog.Resolve(only), Console.Out);
        }
        foreach (var isa in isas)
        {
            if (OracleExecutor.Unavailable(isa) is { } why)
            {
                throw CliErrors.OracleUnavailable(isa.Name, why);
            }
        }
        var progress = StandardError.Console;
        var compiler = new Compiler();

        // One measurement at a time, one ISA at a time: the figures are timings, so nothing else may run beside them.
        progress.MarkupLine("bench: per-case cost (tpsim vs the same case as a program)");
        var perCase = isas.Select(isa => PerCaseBench.Measure(isa, compiler)).ToList();
        progress.MarkupLine("bench: fire rate (tpsim vs a C loop on libunicorn)");
        // Each ISA in a child process of its own (FireRateChild).
        List<FireRateFigure> fires = [.. isas.Select(FireRateChild.Measure)];
        progress.MarkupLine("bench: cold matrix vs its compiler processes alone");
        var cold = ColdMatrixBench.Measure(IsaCatalog.ResolveList(null));
        progress.MarkupLine("bench: peak memory of the full grid");
        var grid = GridMemoryBench.Measure();

        // The real kernel: its ISAs among the selection, or all three when the selection has none of them.
        var kernelIsas = isas.Where(i => i.Toolchain.Kernel is not null).ToList() is { Count: > 0 } chosen ? chosen : KernelOptions.KernelIsas;
        progress.MarkupLine($"bench: real kernel (cold build of {string.Join(", ", kernelIsas.Select(i => i.Name))}, warm seed)");
        var kernel = KernelBench.Measure(kernelIsas, line => progress.MarkupLineInterpolated($"kernel: {line}"));

        var speedup = perCase.Sum(p => p.OracleMicroseconds) / perCase.Sum(p => p.TpsimMicroseconds);
        var result = new BenchResult(perCase, speedup, fires, cold, grid, Environment.ProcessorCount, DateTime.UtcNow) { Kernel = kernel };
        if (format == ReportFormat.Json)
        {
            using var stdout = ReportOutput.Open(null);
            BenchJsonReport.Write(stdout, result);
            stdout.WriteByte((byte)'\n');
        }
        else
        {
            BenchTableReport.Write(ReportOutput.Console(), result);
        }
        return ExitCodes.Ok;
    }
}

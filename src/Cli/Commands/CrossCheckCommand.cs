using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Tpsim.Cli.Reports;
using Tpsim.Harness.Running;
using Tpsim.Harness.CrossCheck;

namespace Tpsim.Cli.Commands;

/// <summary>
/// <c>tpsim crosscheck</c>: the matrix cases and N generated ones in tpsim and on an independent executor (the
/// host CPU for x86_64, qemu-user for the rest); exit 0 only when every compared case agrees.
/// </summary>
public sealed class CrossCheckCommand : Command<CrossCheckSettings>
{
    public override int Execute(CommandContext context, CrossCheckSettings settings, CancellationToken cancellationToken)
    {
        var format = OptionParsing.Format(settings.Format, ReportFormat.Table, ReportFormat.Json, ReportFormat.Html);
        var isas = IsaCatalog.ResolveList(settings.Arch);
        var builds = BuildCatalog.ResolveFor(settings.Compiler, settings.Config, isas);
        var cases = Whole(settings.Cases, "--cases", CrossCheckSettings.DefaultCases, 0, 100_000);
        var seed = settings.Seed is null ? CrossCheckSettings.DefaultSeed
            : ulong.TryParse(settings.Seed, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s
            : throw CliErrors.NotWholeNumber("--seed", settings.Seed);
        var minutes = Whole(settings.Minutes, "--minutes", 0, 0, 24 * 60);
        var timeout = TimeSpan.FromMilliseconds(Whole(settings.OracleTimeout, "--oracle-timeout", DefaultOracleTimeoutMs, 1, 600_000));
        var shard = OptionParsing.Shard(settings.Shard);
        if (!shard.IsWhole && minutes > 0)
        {
            throw CliErrors.ShardedSoak();
        }
        foreach (var isa in isas)
        {
            if (OracleExecutor.Unavailable(isa) is { } why)
            {
                throw CliErrors.OracleUnavailable(isa.Name, why);
            }
        }

        var first = new CrossCheckPlan(isas, builds, cases, seed) { OracleTimeout = timeout, Shard = shard };
        var planned = CrossCheckRun.Cases(first);
        if (planned.Selected == 0 && planned.Total > 0)
        {
            throw CliErrors.EmptyShard(shard.ToString(), planned.Total);
        }

        var watch = Stopwatch.StartNew();
        var summary = new CrossCheckSummary { FirstSeed = seed, GeneratedPerRound = cases, Selection = new RunSelection(builds, shard) };
        ProgressReporter.Run("crosscheck", ProgressReporter.Enabled(format), p =>
        {
            summary.Add(CrossCheckRun.Execute(first with { CaseDone = p.CaseDone }));
            // A soak round draws new generated cases only: the matrix's own cases are the same every time.
            for (var round = 1UL; cases > 0 && watch.Elapsed < TimeSpan.FromMinutes(minutes); round++)
            {
                summary.Add(CrossCheckRun.Execute(new CrossCheckPlan(isas, builds, cases, seed + round, Matrix: false) { OracleTimeout = timeout, CaseDone = p.CaseDone }));
            }
            return summary;
        });
        summary.Elapsed = watch.Elapsed;

        if (format == ReportFormat.Html)
        {
            // Every case tpsim did not find balanced is run again instruction by instruction for its picture.
            var explained = CaseExplainer.Explain(CrossCheckHtmlReport.NotBalanced(summary), new Emulator.Toolchain.Compiler());
            using (var writer = new StreamWriter(ReportOutput.Open(null)))
            {
                CrossCheckHtmlReport.Write(writer, summary, explained);
            }
            ReportOutput.Totals(CrossCheckTableReport.Line(summary), summary.Disagree == 0, null);
        }
        else
        {
            CrossCheckTableReport.Report(format, summary, null);
        }
        return summary.Passed ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>A program of the cross-check runs in about 10 ms; one still running after a second is a loop.</summary>
    public const int DefaultOracleTimeoutMs = 1000;

    private static int Whole(string? value, string option, int fallback, int min, int max) =>
        value is null ? fallback
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n
        : throw CliErrors.NotWholeNumber(option, value, min, max);
}

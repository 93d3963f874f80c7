using Spectre.Console.Cli;
using Tpsim.Cli.Reports;

namespace Tpsim.Cli.Commands;

/// <summary>
/// <c>tpsim merge FILE...</c>: the reports of sharded or per-ISA runs as the one unsharded run would have written them;
/// exit 0 when every case is as expected (or agrees), 1 when one is not, 2 when the reports do not add up.
/// </summary>
public sealed class MergeCommand : Command<MergeSettings>
{
    public override int Execute(CommandContext context, MergeSettings settings, CancellationToken cancellationToken)
    {
        var requested = settings.Format is null ? (ReportFormat?)null : OptionParsing.Format(settings.Format, ReportFormat.Json, ReportFormat.Junit, ReportFormat.Table);
        var outPath = ReportOutput.Resolve(settings.Out);
        // Without --format the report is the inputs' own, JSON or JUnit: a machine format either way.
        var merged = ProgressReporter.Run("merge", ProgressReporter.Enabled(requested ?? ReportFormat.Json, outPath), _ =>
            ReportMerge.TryMerge(settings.Files, out var report, out var error) ? report : throw CliErrors.MergeRejected(error));
        var format = requested ?? merged.Formats[0];
        if (!merged.Formats.Contains(format))
        {
            throw CliErrors.MergeFormat(merged.Kind.Describe(), OptionParsing.Name(format), merged.Formats.Select(OptionParsing.Name));
        }
        merged.Write(format, outPath);
        return merged.Passed ? ExitCodes.Ok : ExitCodes.Failed;
    }
}

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
        var outPath = ReportOutput.Resolve(settings.Out);
        if (!ReportMerge.TryMerge(settings.Files, out var merged, out var error))
        {
            throw CliErrors.MergeRejected(error);
        }
        var format = settings.Format is null ? merged.Formats[0] : OptionParsing.Format(settings.Format, [.. merged.Formats]);
        merged.Write(format, outPath);
        return merged.Passed ? ExitCodes.Ok : ExitCodes.Failed;
    }
}

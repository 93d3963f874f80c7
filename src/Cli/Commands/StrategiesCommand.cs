using Tpsim.KernelSim.Strategies;
using Spectre.Console;
using Spectre.Console.Cli;
using Tpsim.Cli.Reports;
using Tpsim.Harness.Running;

namespace Tpsim.Cli.Commands;

/// <summary><c>tpsim strategies</c>: every removal strategy on every ISA, from the seed scenario and a three-probe fire.</summary>
public sealed class StrategiesCommand : Command<StrategiesSettings>
{
    public override int Execute(CommandContext context, StrategiesSettings settings, CancellationToken cancellationToken)
    {
        var format = OptionParsing.Format(settings.Format, ReportFormat.Table, ReportFormat.Json);
        var isas = IsaCatalog.ResolveList(settings.Arch);
        var rows = StrategyComparison.Execute(isas);
        if (format == ReportFormat.Json)
        {
            using var stream = ReportOutput.Open(null);
            StrategiesReport.WriteJson(stream, rows);
            stream.WriteByte((byte)'\n');
        }
        else
        {
            StrategiesReport.WriteTable(ReportOutput.Console(), rows);
        }
        // The table is a finding either way; it only fails when the seed's own expectations did not hold.
        return rows.All(r => r.Cells.All(c => c.SeedPassed)) ? ExitCodes.Ok : ExitCodes.Failed;
    }
}

using System.Diagnostics;
using Spectre.Console.Cli;
using Tpsim.Cli.Reports;
using Tpsim.Harness.Running;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Tracing;
using Tpsim.Harness.CrossCheck;
using Tpsim.Harness.Generation;
using Tpsim.Harness.Cases;

namespace Tpsim.Cli.Commands;

/// <summary>
/// <c>tpsim check</c>: the user's stub in a [probe, stub, probe] array, or a generated case (<c>--generated</c>, as
/// crosscheck prints a shrunk disagreement); with <c>--oracle</c> also on the independent executor. Exit 0 only
/// when balanced and nothing disagrees.
/// </summary>
public sealed class CheckCommand : Command<CheckSettings>
{
    public override int Execute(CommandContext context, CheckSettings settings, CancellationToken cancellationToken)
    {
        var format = OptionParsing.Format(settings.Format, ReportFormat.Table, ReportFormat.Json, ReportFormat.Html);
        var (isa, build, stubCase) = CaseSelection.Resolve(settings);
        var watch = Stopwatch.StartNew();
        CaseResult result;
        IReadOnlyList<string> commands;
        CaseExplanation? explanation = null;
        using (var runner = new CaseRunner(isa, new Compiler(), build))
        {
            // The page shows a non-balanced case instruction by instruction; the traced run gives the same verdict.
            explanation = format == ReportFormat.Html ? runner.Explain(stubCase) : null;
            result = explanation?.Result ?? runner.Run(stubCase);
            commands = runner.Commands(stubCase);
        }
        var outcome = new CaseOutcome(stubCase, result, watch.Elapsed) { Commands = commands };
        OracleResult? oracle = null;
        string? disagreement = null;
        if (settings.Oracle)
        {
            if (OracleExecutor.Unavailable(isa) is { } missing)
            {
                throw CliErrors.OracleUnavailable(isa.Name, missing);
            }
            using var executor = new OracleExecutor(isa, new Compiler());
            oracle = executor.Run(stubCase);
            disagreement = Agreement.Limit(stubCase) is not null ? null : Agreement.Disagreement(stubCase, result, oracle);
        }
        else if (stubCase.Generated is not null && result.Verdict != stubCase.Expected)
        {
            disagreement = $"tpsim says {Agreement.Describe(result)}, the generator predicted {Agreement.Predicted(stubCase)}";
        }
        outcome = outcome with { Oracle = oracle, Disagreement = disagreement };

        if (format == ReportFormat.Json)
        {
            using var stdout = ReportOutput.Open(null);
            CheckJsonReport.Write(stdout, outcome);
            stdout.WriteByte((byte)'\n');
        }
        else if (format == ReportFormat.Html)
        {
            if (result.Verdict != Verdict.Balanced)
            {
                TraceText.Fill([(isa, explanation!.Trace)]);
            }
            using var stdout = new StreamWriter(ReportOutput.Open(null));
            CheckHtmlReport.Write(stdout, outcome, result.Verdict != Verdict.Balanced ? explanation : null);
        }
        else
        {
            CheckTableReport.Write(ReportOutput.Console(), outcome);
        }
        return result.Verdict == Verdict.Balanced && disagreement is null ? ExitCodes.Ok : ExitCodes.Failed;
    }
}

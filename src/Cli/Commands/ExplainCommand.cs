using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Tpsim.Cli.Reports;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Tracing;
using Tpsim.Harness.Cases;

namespace Tpsim.Cli.Commands;

/// <summary>
/// <c>tpsim explain</c>: the case <c>check</c> would run, instruction by instruction, for one call. Exit codes as
/// <c>check</c>: 0 balanced, 1 not.
/// </summary>
public sealed class ExplainCommand : Command<ExplainSettings>
{
    public override int Execute(CommandContext context, ExplainSettings settings, CancellationToken cancellationToken)
    {
        var format = OptionParsing.Format(settings.Format, ReportFormat.Table, ReportFormat.Json);
        var (isa, build, stubCase) = CaseSelection.Resolve(settings);
        var calls = stubCase.Shape.Entries.Count;
        int? call = null;
        if (settings.Call is { } text)
        {
            call = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < calls
                ? n
                : throw CliErrors.NotWholeNumber("--call", text, 0, calls - 1);
        }
        CaseExplanation explanation;
        using (var runner = new CaseRunner(isa, new Compiler(), build))
        {
            explanation = runner.Explain(stubCase, call);
        }
        TraceText.Fill([(isa, explanation.Trace)]);
        if (format == ReportFormat.Json)
        {
            using var stdout = ReportOutput.Open(null);
            ExplainJsonReport.Write(stdout, explanation);
            stdout.WriteByte((byte)'\n');
        }
        else
        {
            var console = ReportOutput.Console();
            CheckTableReport.WriteHeading(console, explanation.Case, explanation.Result);
            ExplainTextReport.Write(console, isa, explanation.Trace, explanation.Call);
        }
        return explanation.Result.Verdict == Verdict.Balanced ? ExitCodes.Ok : ExitCodes.Failed;
    }
}

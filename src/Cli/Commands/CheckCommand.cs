using System.Diagnostics;
using Spectre.Console.Cli;
using Tpsim.Cli.Reports;
using Tpsim.Harness.Running;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
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
        var format = OptionParsing.Format(settings.Format, ReportFormat.Table, ReportFormat.Json);
        var isa = IsaCatalog.Resolve(settings.Arch ?? throw CliErrors.MissingOption("--arch", string.Join(", ", IsaCatalog.Names)));
        var build = BuildCatalog.ResolveOne(settings.Compiler, settings.Config, isa);
        StubCase stubCase;
        if (settings.Generated is { } spec)
        {
            if (settings.Stub is not null || settings.Args is not null || settings.Site is not null)
            {
                throw CliErrors.GeneratedExcludes();
            }
            if (!GeneratedCase.TryParse(spec, out var generated, out var error))
            {
                throw CliErrors.BadGeneratedCase(spec, error!);
            }
            if (GeneratedCase.NotApplicable(build) is { } why)
            {
                throw CliErrors.BuildNotApplicable(build.Name, isa.Name, why);
            }
            stubCase = generated!.ToStubCase(isa, build);
        }
        else
        {
            var stubPath = settings.Stub ?? throw CliErrors.MissingOption("--stub", "a .S or .c file defining tp_stub_func, or --generated SPEC");
            var args = OptionParsing.Args(settings.Args);
            var site = OptionParsing.Site(settings.Site);
            stubCase = StubMatrix.UserCase(isa, StubFiles.Read(stubPath), args, site, build);
        }
        var watch = Stopwatch.StartNew();
        CaseResult result;
        IReadOnlyList<string> commands;
        using (var runner = new CaseRunner(isa, new Compiler(), build))
        {
            result = runner.Run(stubCase);
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
        else
        {
            CheckTableReport.Write(ReportOutput.Console(), outcome);
        }
        return result.Verdict == Verdict.Balanced && disagreement is null ? ExitCodes.Ok : ExitCodes.Failed;
    }
}

using System.Diagnostics;
using Spectre.Console.Cli;
using Tpsim.Cli.Reports;
using Tpsim.Cli.Running;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Proof;

namespace Tpsim.Cli.Commands;

/// <summary><c>tpsim check</c>: the user's stub in a [probe, stub, probe] array; exit 0 only when balanced.</summary>
public sealed class CheckCommand : Command<CheckSettings>
{
    public override int Execute(CommandContext context, CheckSettings settings, CancellationToken cancellationToken)
    {
        var format = OptionParsing.Format(settings.Format, ReportFormat.Table, ReportFormat.Json);
        var isa = IsaCatalog.Resolve(settings.Arch ?? throw CliErrors.MissingOption("--arch", string.Join(", ", IsaCatalog.Names)));
        var stubPath = settings.Stub ?? throw CliErrors.MissingOption("--stub", "a .S or .c file defining tp_stub_func");
        var args = OptionParsing.Args(settings.Args);
        var site = OptionParsing.Site(settings.Site);
        var build = BuildCatalog.ResolveOne(settings.Compiler, settings.Config, isa);
        var stub = StubFiles.Read(stubPath);

        var stubCase = StubMatrix.UserCase(isa, stub, args, site, build);
        var watch = Stopwatch.StartNew();
        CaseResult result;
        IReadOnlyList<string> commands;
        using (var runner = new CaseRunner(isa, new Compiler(), build))
        {
            result = runner.Run(stubCase);
            commands = runner.Commands(stubCase);
        }
        var outcome = new CaseOutcome(stubCase, result, watch.Elapsed) { Commands = commands };

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
        return result.Verdict == Verdict.Balanced ? ExitCodes.Ok : ExitCodes.Failed;
    }
}

using Spectre.Console;
using Spectre.Console.Cli;
using Tpsim.Cli.Reports;
using Tpsim.Harness.Kernel;
using Tpsim.Harness.Running;
using Tpsim.KernelSim.Scenarios.Running;
using Tpsim.Linux;
using Tpsim.Linux.Trees;

namespace Tpsim.Cli.Commands;

/// <summary><c>tpsim matrix</c>: every built-in case on every selected ISA; exit 0 only when every verdict is the expected one.</summary>
public sealed class MatrixCommand : Command<MatrixSettings>
{
    public override int Execute(CommandContext context, MatrixSettings settings, CancellationToken cancellationToken)
    {
        var format = OptionParsing.Format(settings.Format, ReportFormat.Table, ReportFormat.Json, ReportFormat.Junit, ReportFormat.Markdown, ReportFormat.Html);
        var kernel = settings.Kernel is { } spec ? KernelOptions.Spec(spec) : KernelSpec.Model;
        if (kernel.IsModel && settings.Patch is { Length: > 0 })
        {
            throw new UsageException("--patch applies to a real tree: give --kernel linux-6.12 or the path of a kernel source tree");
        }
        var outPath = ReportOutput.Resolve(settings.Out);
        RealKernel? real = null;
        IReadOnlyList<IsaOutcomes> runs;
        if (kernel.IsModel)
        {
            var isas = IsaCatalog.ResolveList(settings.Arch);
            runs = MatrixRun.Execute(isas, BuildCatalog.ResolveFor(settings.Compiler, settings.Config, isas));
        }
        else
        {
            var selection = KernelOptions.Builds(KernelOptions.Isas(settings.Arch), settings.Compiler, settings.Config);
            var cache = new KernelCache(Emulator.Toolchain.Compiler.DefaultCacheDirectory());
            void Progress(string line) => Console.Error.WriteLine($"kernel: {line}");
            var tree = new KernelTrees(cache, Progress).Open(kernel, settings.Patch);
            real = new RealKernel(tree.Spec.Text, tree.Version.ToString(), tree.Root, tree.Patches);
            runs = KernelMatrixRun.Execute(selection, tree, cache, Progress);
        }
        var totals = MatrixTotals.Of(runs);

        if (outPath is null && format == ReportFormat.Table)
        {
            MatrixTableReport.Write(ReportOutput.Console(), runs);
        }
        else
        {
            WriteReport(format, runs, outPath, real);
            // A JSON or JUnit report on stdout must stay parseable, so the totals line goes to stderr there.
            var console = outPath is null ? StandardError.Console : ReportOutput.Console();
            console.MarkupLine($"[{(totals.Failed == 0 ? "green" : "red")}]{Markup.Escape(totals.Line)}[/]");
            if (outPath is not null)
            {
                console.MarkupLineInterpolated($"report: {outPath}");
            }
        }

        return totals.Passed ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static void WriteReport(ReportFormat format, IReadOnlyList<IsaOutcomes> runs, string? outPath, RealKernel? kernel)
    {
        using var stream = ReportOutput.Open(outPath);
        switch (format)
        {
            case ReportFormat.Json:
                MatrixJsonReport.Write(stream, runs, kernel);
                stream.WriteByte((byte)'\n');
                break;
            case ReportFormat.Junit:
                JunitReport.Write(stream, runs);
                stream.WriteByte((byte)'\n');
                break;
            case ReportFormat.Html:
                using (var writer = new StreamWriter(stream, leaveOpen: true))
                {
                    // Every case that did not end balanced is run again instruction by instruction for its picture.
                    var explained = CaseExplainer.Explain(CaseExplainer.NotBalanced(runs.SelectMany(r => r.Cases)), new Emulator.Toolchain.Compiler());
                    MatrixHtmlReport.Write(writer, runs, explained, kernel);
                }
                break;
            case ReportFormat.Markdown:
                using (var writer = new StreamWriter(stream, leaveOpen: true))
                {
                    MatrixMarkdownReport.Write(writer, runs);
                }
                break;
            default:
                using (var writer = new StreamWriter(stream, leaveOpen: true))
                {
                    MatrixTableReport.Write(ReportOutput.PlainConsole(writer), runs);
                }
                break;
        }
    }
}

using Spectre.Console;
using Spectre.Console.Cli;
using Tpsim.Cli.Reports;
using Tpsim.Harness.Cases;
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
        var shard = OptionParsing.Shard(settings.Shard);
        var kernel = settings.Kernel is { } spec ? KernelOptions.Spec(spec) : KernelSpec.Model;
        if (kernel.IsModel && settings.Patch is { Length: > 0 })
        {
            throw new UsageException("--patch applies to a real tree: give --kernel linux-6.12 or the path of a kernel source tree");
        }
        var outPath = ReportOutput.Resolve(settings.Out);
        var live = ProgressReporter.Enabled(format, outPath);
        RealKernel? real = null;
        IReadOnlyList<IsaOutcomes> runs;
        RunSelection selection;
        if (kernel.IsModel)
        {
            var isas = IsaCatalog.ResolveList(settings.Arch);
            selection = new RunSelection(BuildCatalog.ResolveFor(settings.Compiler, settings.Config, isas), shard);
            var plan = Checked(ShardPlan.Of(isas, selection.Builds, StubMatrix.Build, shard));
            runs = ProgressReporter.Run("matrix", live, p => MatrixRun.Execute(plan, caseDone: p.CaseDone));
        }
        else
        {
            var pairs = KernelOptions.Builds(KernelOptions.Isas(settings.Arch), settings.Compiler, settings.Config);
            selection = new RunSelection(BuildCatalog.Resolve(settings.Compiler, settings.Config), shard);
            var plan = Checked(KernelMatrixRun.Plan(pairs, shard));
            var cache = new KernelCache(Emulator.Toolchain.Compiler.DefaultCacheDirectory());
            runs = ProgressReporter.Run("matrix --kernel", live, p =>
            {
                var tree = new KernelTrees(cache, p.Kernel).Open(kernel, settings.Patch);
                real = new RealKernel(tree.Spec.Text, tree.Version.ToString(), tree.Root, tree.Patches);
                return KernelMatrixRun.Execute(plan, tree, cache, p.Kernel, p.CaseDone, traceNotBalanced: format == ReportFormat.Html);
            });
        }
        MatrixReportWriter.Report(format, runs, outPath, real, selection);
        return MatrixTotals.Of(runs).Passed ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>A shard that takes no case would pass or fail having run nothing: a usage error instead.</summary>
    private static ShardPlan Checked(ShardPlan plan) =>
        plan.Selected > 0 || plan.Total == 0 ? plan : throw CliErrors.EmptyShard(plan.Shard.ToString(), plan.Total);
}

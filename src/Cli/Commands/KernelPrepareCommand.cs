using Spectre.Console.Cli;
using Tpsim.Emulator.Toolchain;
using Tpsim.Linux;
using Tpsim.Linux.Build;
using Tpsim.Linux.Trees;

namespace Tpsim.Cli.Commands;

/// <summary><c>tpsim kernel prepare</c>: builds a real tree ahead of time for each ISA, compiler and config, and says where and how long.</summary>
public sealed class KernelPrepareCommand : Command<KernelPrepareSettings>
{
    public override int Execute(CommandContext context, KernelPrepareSettings settings, CancellationToken cancellationToken)
    {
        var spec = KernelOptions.Spec(settings.Kernel ?? throw CliErrors.MissingOption("--kernel", KernelSpec.Spellings));
        if (spec.IsModel)
        {
            throw new UsageException("kernel prepare builds a real tree; the simulated kernel (model) needs no build");
        }
        var selection = KernelOptions.Builds(KernelOptions.Isas(settings.Arch), settings.Compiler, settings.Config);
        var cache = new KernelCache(Compiler.DefaultCacheDirectory());
        return ProgressReporter.Run("kernel prepare", ProgressReporter.Enabled(ReportFormat.Table), p =>
        {
            var tree = new KernelTrees(cache, p.Kernel).Open(spec, settings.Patch);
            var kbuild = new KernelBuilds(cache, p.Kernel);
            foreach (var (isa, build) in selection)
            {
                var done = kbuild.Prepare(tree, isa, build);
                p.Output($"{tree.Describe()} {done.Name}: {done.Directory} ({(done.FromCache ? $"cached; built in {done.Seconds:0} s" : $"built in {done.Seconds:0} s")})");
            }
            return ExitCodes.Ok;
        });
    }
}

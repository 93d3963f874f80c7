using Spectre.Console.Cli;
using Tpsim.Emulator.Toolchain;
using Tpsim.Linux;
using Tpsim.Linux.Build;

namespace Tpsim.Cli.Commands;

/// <summary><c>tpsim kernel list</c>: the unpacked trees and kbuild builds in the cache.</summary>
public sealed class KernelListCommand : Command<KernelListCommand.Settings>
{
    /// <summary>No options.</summary>
    public sealed class Settings : CommandSettings;

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var cache = new KernelCache(Compiler.DefaultCacheDirectory());
        var entries = CachedKernel.List(cache);
        if (entries.Count == 0)
        {
            Console.Out.WriteLine($"nothing cached under {cache.Root}");
        }
        foreach (var e in entries)
        {
            Console.Out.WriteLine($"{e.Kind,-5}  {e.Describe}  {e.Path}  ({e.Seconds:0} s)");
        }
        return ExitCodes.Ok;
    }
}

using Spectre.Console;
using Spectre.Console.Cli;
using Tpsim.Arch;
using Tpsim.Cli.Commands;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Cli;

/// <summary>Wires the commands and owns the one place where exceptions become exit codes.</summary>
public static class TpsimApp
{
    public static int Run(string[] args)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("tpsim");
            config.UseAssemblyInformationalVersion();
            // Without these Spectre prints its own errors and returns -1, which scripts read as 255.
            config.PropagateExceptions();
            config.UseStrictParsing();
            config.SetInterceptor(new MissingValueInterceptor());

            // Examples name the registry's first ISAs (x86_64, arm64, riscv64) and its last.
            var isa = IsaRegistry.Names;
            config.AddCommand<MatrixCommand>("matrix")
                .WithDescription("Run every built-in case (stubs, array shapes, 0..12 arguments, negative controls) on each ISA.")
                .WithExample("matrix")
                .WithExample("matrix", "--arch", $"{isa[1]},{isa[2]}", "--format", "json", "--out", "matrix.json")
                .WithExample("matrix", "--compiler", "all", "--config", "all")
                .WithExample("matrix", "--shard", "2/3", "--format", "json", "--out", "matrix-2.json");
            config.AddCommand<CheckCommand>("check")
                .WithDescription("Run your own tp_stub_func through the built-in site in a [[probe, stub, probe]] array.")
                .WithExample("check", "--arch", isa[1], "--stub", "my_stub.S", "--args", "10", "--format", "json")
                .WithExample("check", "--arch", isa[0], "--stub", "stub.c", "--config", "kcfi");
            config.AddCommand<ExplainCommand>("explain")
                .WithDescription("Show a check case instruction by instruction for one call: disassembly, registers, SP and memory changed, the violation where it happens, the frame.")
                .WithExample("explain", "--arch", isa[0], "--stub", "my_stub.S")
                .WithExample("explain", "--arch", isa[1], "--stub", "stub.c", "--call", "2", "--format", "json");
            config.AddCommand<CrossCheckCommand>("crosscheck")
                .WithDescription("Run the matrix and N generated cases in tpsim and on an independent executor (host CPU, qemu-user); report agreement.")
                .WithExample("crosscheck", "--arch", "all", "--cases", "40", "--seed", "1")
                .WithExample("crosscheck", "--arch", $"{isa[1]},{isa[^1]}", "--config", "all", "--format", "json")
                .WithExample("crosscheck", "--cases", "100", "--seed", "7", "--minutes", "10")
                .WithExample("crosscheck", "--shard", "1/4", "--format", "json");
            config.AddCommand<MergeCommand>("merge")
                .WithDescription("Combine the JSON (or JUnit) reports of sharded or per-ISA matrix or crosscheck runs into the unsharded run's report.")
                .WithExample("merge", "matrix-1.json", "matrix-2.json", "matrix-3.json")
                .WithExample("merge", $"matrix-{isa[0]}.xml", $"matrix-{isa[1]}.xml", "--out", "matrix.xml");
            config.AddCommand<BenchCommand>("bench")
                .WithDescription("Measure per-case cost vs qemu-user, fire rate vs a C loop on libunicorn, cold matrix vs compile only, and peak memory.")
                .WithExample("bench")
                .WithExample("bench", "--format", "json");
            config.AddCommand<ScenarioCommand>("scenario")
                .WithDescription("Replay a tracepoint/module story (file or --builtin) on each ISA with each removal strategy.")
                .WithExample("scenario", "--builtin", "seed", "--arch", "all", "--strategy", "all")
                .WithExample("scenario", "my.tps", "--arch", isa[1], "--strategy", "stub,fail", "--format", "json");
            config.AddCommand<StrategiesCommand>("strategies")
                .WithDescription("Compare the removal strategies on each ISA: seed verdicts, failure, sleeping, instructions per fire.")
                .WithExample("strategies", "--arch", $"{isa[0]},{isa[1]}");
            config.AddBranch("kernel", kernel =>
            {
                kernel.SetDescription("Real Linux trees: build them ahead of time with kbuild, and list what is cached.");
                kernel.AddCommand<KernelPrepareCommand>("prepare")
                    .WithDescription("Build a kernel tree (defconfig, tracing, the config's option, prepare, kernel/tracepoint.o) for each ISA; say where and how long.")
                    .WithExample("kernel", "prepare", "--kernel", "linux-6.12", "--arch", $"{isa[0]},{isa[1]},{isa[2]}")
                    .WithExample("kernel", "prepare", "--kernel", "~/src/linux", "--patch", "0001-tracepoint.patch", "--arch", isa[1], "--config", "kcfi");
                kernel.AddCommand<KernelListCommand>("list")
                    .WithDescription("List the unpacked trees and kbuild builds in the cache.");
            });
        });

        try
        {
            // No command is a usage error: the help goes out, and a script sees exit 2 rather than success.
            return args.Length == 0 ? Math.Max(app.Run(["--help"]), ExitCodes.Usage) : app.Run(args);
        }
        catch (Exception ex)
        {
            return ExceptionPolicy.Report(ex, StandardError.Console, Console.Error);
        }
        finally
        {
            ReportEngines();
        }
    }

    /// <summary>
    /// With TPSIM_ENGINE_STATS=1, the last stderr line counts the Unicorn engines the run opened and closed:
    /// equal numbers mean every engine was released deterministically, whatever the exit path.
    /// </summary>
    private static void ReportEngines()
    {
        if (Environment.GetEnvironmentVariable("TPSIM_ENGINE_STATS") == "1")
        {
            Console.Error.WriteLine($"tpsim: engines opened {UnicornHandle.OpenedCount}, closed {UnicornHandle.ClosedCount}");
        }
        // The benchmark reads this from a child tpsim to measure one command's peak alone.
        if (Environment.GetEnvironmentVariable("TPSIM_PEAK_MEMORY") == "1")
        {
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            Console.Error.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"tpsim: peak memory {self.PeakWorkingSet64 / (1024.0 * 1024.0):0.0} MB"));
        }
    }
}

using Spectre.Console;
using Spectre.Console.Cli;
using Tpsim.Harness.Running;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Cases;
using Tpsim.KernelSim.Scenarios;
using Tpsim.KernelSim.Scenarios.Running;

namespace Tpsim.Cli;

/// <summary>
/// Decides the exit code for an exception that reached the top and prints it to stderr. User mistakes
/// get one line and exit 2; anything unforeseen is a tpsim bug and keeps its trace with exit 70.
/// </summary>
public static class ExceptionPolicy
{
    public static int Report(Exception ex, IAnsiConsole stderr, TextWriter plain)
    {
        var context = "";
        if (ex is CaseFailedException failed)
        {
            context = $"case {failed.CaseName}: ";
            ex = failed.InnerException!;
        }

        switch (Translate(ex))
        {
            case UsageException usage:
                // Plain text: Spectre would wrap at the terminal width and split the assembler's file:line:col.
                plain.WriteLine($"tpsim: {context}{usage.Message}");
                return ExitCodes.Usage;
            // Configuration and template exceptions are also CommandAppExceptions, but they are tpsim's bugs.
            case CommandAppException parse when parse is CommandParseException or CommandRuntimeException:
                // Spectre's pretty form points at the offending token, which a plain message cannot.
                if (parse.Pretty is { } pretty)
                {
                    stderr.Write(pretty);
                }
                else
                {
                    plain.WriteLine($"tpsim: {parse.Message}");
                }
                return ExitCodes.Usage;
            default:
                plain.WriteLine($"tpsim: {context}{CliErrors.InternalError(ex)}");
                return ExitCodes.Internal;
        }
    }

    /// <summary>Turns exceptions that carry a user-facing message (toolchain, loader, stub input, native library) into usage errors.</summary>
    private static Exception Translate(Exception ex) => ex switch
    {
        AggregateException { InnerExceptions.Count: 1 } agg => Translate(agg.InnerExceptions[0]),
        ToolchainException => CliErrors.BuildFailed(ex),
        LoaderException => CliErrors.LoadFailed(ex),
        CaseInputException => CliErrors.StubRejected(ex),
        DllNotFoundException => CliErrors.NativeLibraryMissing(ex),
        ScenarioSyntaxException or ScenarioRuntimeException => CliErrors.ScenarioRejected(ex),
        Linux.KernelInputException => new UsageException(ex.Message),
        _ => ex,
    };
}

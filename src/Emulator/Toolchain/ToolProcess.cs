using System.ComponentModel;
using System.Diagnostics;

namespace Tpsim.Emulator.Toolchain;

/// <summary>Runs one tool to completion or kills it at the deadline, so a wedged compiler cannot hang tpsim.</summary>
internal static class ToolProcess
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static Result Run(string toolName, string path, IEnumerable<string> arguments, TimeSpan timeout, string what)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // The C locale keeps tool messages the same on every machine, so reports and tests can quote them.
        start.Environment["LC_ALL"] = "C";

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new ToolchainException($"cannot start {toolName} ({path}): {ex.Message}; {ToolLocator.InstallHint}", innerException: ex);
        }
        process.StandardInput.Close();
        // Both pipes are drained concurrently: a tool blocked on a full stderr pipe would never exit.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the timeout and the kill.
            }
            process.WaitForExit();
            throw new ToolchainException($"{toolName} did not finish within {timeout.TotalSeconds:0.###} s {what}; killed");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}

namespace Tpsim.Emulator.Toolchain;

/// <summary>Runs one tool to completion or kills it at the deadline, so a wedged compiler cannot hang tpsim.</summary>
internal static class ToolProcess
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static Result Run(string toolName, string path, IEnumerable<string> arguments, TimeSpan timeout, string what)
    {
        var r = HostProcess.Run(path, arguments, null, timeout, $"{toolName}: {ToolLocator.InstallHint}");
        if (r.TimedOut)
        {
            throw new ToolchainException($"{toolName} did not finish within {timeout.TotalSeconds:0.###} s {what}; killed");
        }
        return new Result(r.ExitCode, r.StandardOutput, r.StandardError);
    }
}

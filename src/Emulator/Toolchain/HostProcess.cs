using System.ComponentModel;
using System.Diagnostics;

namespace Tpsim.Emulator.Toolchain;

/// <summary>
/// Runs a host program with optional bytes on its standard input and a hard timeout, killing its whole tree
/// when it overruns, in the C locale so that tool messages read the same on every machine. Both output pipes
/// are drained concurrently: a program blocked on a full stderr pipe would never exit.
/// </summary>
public static class HostProcess
{
    /// <summary>True when <paramref name="name"/> is an executable file in a PATH folder (or a path to one).</summary>
    public static bool OnPath(string name)
    {
        static bool Executable(string p) => File.Exists(p) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(p) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
        return name.Contains('/')
            ? Executable(name)
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(d => Executable(Path.Combine(d, name)));
    }

    public sealed record Result(int ExitCode, bool TimedOut, string StandardOutput, string StandardError);

    /// <param name="installHint">Appended to the message when the program cannot be started.</param>
    /// <param name="outputEncoding">How standard output is decoded; Latin-1 keeps binary output byte for char.</param>
    public static Result Run(string path, IEnumerable<string> arguments, byte[]? input, TimeSpan timeout, string? installHint = null, System.Text.Encoding? outputEncoding = null)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = outputEncoding,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["LC_ALL"] = "C";
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new ToolchainException($"cannot start {path}: {ex.Message}{(installHint is null ? "" : $"; {installHint}")}", innerException: ex);
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            if (input is not null)
            {
                process.StandardInput.BaseStream.Write(input);
            }
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program exited before reading all of it; its status says why.
        }
        var timedOut = !process.WaitForExit(timeout);
        if (timedOut)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the timeout and the kill.
            }
        }
        process.WaitForExit();
        return new Result(timedOut ? -1 : process.ExitCode, timedOut, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}

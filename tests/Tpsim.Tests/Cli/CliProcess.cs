using System.Diagnostics;

namespace Tpsim.Tests.Cli;

/// <summary>
/// Runs the built CLI as a separate process, the way users and scripts do, so exit codes and stream
/// separation are tested for real and the test project never references the CLI's code.
/// </summary>
public static class CliProcess
{
    private static readonly Lazy<string> Dll = new(FindDll);

    public static string RepoRoot { get; } = FindRepoRoot();

    public static CliResult Run(TimeSpan timeout, string workingDirectory, params string[] args) =>
        RunWithEnvironment(timeout, workingDirectory, new Dictionary<string, string>(), args);

    /// <summary>Runs tpsim with extra environment variables (for example TPSIM_ENGINE_STATS=1).</summary>
    public static CliResult RunWithEnvironment(TimeSpan timeout, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        psi.ArgumentList.Add(Dll.Value);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"tpsim {string.Join(' ', args)} did not finish within {timeout}");
        }
        process.WaitForExit();
        return new CliResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>Runs tpsim with its standard output closed (fd 1 shut by the shell before exec), as `tpsim ... >&-` does.</summary>
    public static CliResult RunWithStdoutClosed(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec dotnet \"$@\" >&-");
        psi.ArgumentList.Add("tpsim");
        psi.ArgumentList.Add(Dll.Value);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start bash");
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tpsim {string.Join(' ', args)} did not finish");
        }
        process.WaitForExit();
        return new CliResult(process.ExitCode, "", stderr.GetAwaiter().GetResult());
    }

    public static CliResult Run(string workingDirectory, params string[] args) =>
        Run(TimeSpan.FromMinutes(2), workingDirectory, args);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tracepoints.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no Tracepoints.sln above {AppContext.BaseDirectory}");
    }

    // The test assembly sits in bin/<Configuration>/<tfm>/; the ProjectReference built the CLI with the same pair.
    private static string FindDll()
    {
        var tfmDir = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = tfmDir.Parent?.Name ?? "Debug";
        var dll = Path.Combine(RepoRoot, "src", "Cli", "bin", configuration, tfmDir.Name, "tpsim.dll");
        return File.Exists(dll)
            ? dll
            : throw new FileNotFoundException($"the CLI is not built at {dll}; build Tracepoints.sln first", dll);
    }
}

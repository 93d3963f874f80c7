using System.Diagnostics;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.Linux.Trees;

namespace Tpsim.Linux.Build;

/// <summary>The make and helper commands of one build, each appended to the build's log; a failure is a <see cref="KernelInputException"/>.</summary>
internal sealed class MakeRun(KernelTree tree, IsaBackend isa, BuildSpec build, string output, string log, Action<string>? progress)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(30);

    private readonly KernelTarget _target = isa.Toolchain.Kernel!;

    public void Make(string target, params string[] variables)
    {
        List<string> arguments = ["-C", tree.Root, $"O={output}", $"ARCH={_target.MakeArch}", $"-j{Environment.ProcessorCount}"];
        if (build.Compiler == CompilerKind.Clang)
        {
            arguments.Add("LLVM=-19");
        }
        else if (_target.GccCrossCompile.Length > 0)
        {
            arguments.Add($"CROSS_COMPILE={_target.GccCrossCompile}");
        }
        arguments.AddRange(_target.MakeVariables);
        arguments.AddRange(variables);
        arguments.Add(target);
        KernelBuilds.CountMake();
        Step($"make {target}", "make", arguments);
    }

    public void Tool(string path, IReadOnlyList<string> arguments) => Step(Path.GetFileName(path), path, arguments);

    private void Step(string what, string program, IReadOnlyList<string> arguments)
    {
        progress?.Invoke($"{isa.Name} {build.Name}: {what}");
        var watch = Stopwatch.StartNew();
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["LC_ALL"] = "C";
        // Fixed so that two builds of the same tree give the same objects.
        start.Environment["KBUILD_BUILD_USER"] = "tpsim";
        start.Environment["KBUILD_BUILD_HOST"] = "tpsim";
        start.Environment["KBUILD_BUILD_TIMESTAMP"] = "2026-01-01";
        var lines = new List<string>();
        using (var writer = new StreamWriter(log, append: true))
        {
            writer.WriteLine($"$ {program} {string.Join(' ', arguments)}");
            writer.Flush();
            using var process = new Process { StartInfo = start };
            void Take(object _, DataReceivedEventArgs e)
            {
                if (e.Data is null)
                {
                    return;
                }
                lock (lines)
                {
                    lines.Add(e.Data);
                    writer.WriteLine(e.Data);
                }
            }
            process.OutputDataReceived += Take;
            process.ErrorDataReceived += Take;
            try
            {
                process.Start();
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new KernelInputException($"cannot start {program} for {what}: {ex.Message} (./tpsim installs make and the kernel's host tools)");
            }
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(StepTimeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new KernelInputException($"{isa.Name} {build.Name}: {what} ran over {StepTimeout.TotalMinutes:0} minutes and was stopped; log: {log}", log);
            }
            process.WaitForExit();
            writer.WriteLine($"# exit {process.ExitCode} after {watch.Elapsed.TotalSeconds:0.0} s");
            if (process.ExitCode != 0)
            {
                lock (lines)
                {
                    throw new KernelInputException(
                        $"{isa.Name} {build.Name}: {what} failed in {tree.Describe()}: {KbuildLog.FirstError(lines).Trim()}; log: {log}", log);
                }
            }
        }
        progress?.Invoke($"{isa.Name} {build.Name}: {what} done in {watch.Elapsed.TotalSeconds:0.0} s");
    }
}

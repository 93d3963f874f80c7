using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Proof;

namespace Tpsim.KernelSim.CrossCheck;

/// <summary>What the host CPU made of one case: the verdict and, when unbalanced, which check failed at which call.</summary>
/// <param name="ExitStatus">The program's exit status, or 128 + the signal that killed it; -1 on timeout.</param>
public sealed record NativeResult(Verdict Verdict, string? ViolationKind, int? Call, int? Signal, int ExitStatus, TimeSpan Elapsed)
{
    public override string ToString() =>
        Verdict.ToName() + (ViolationKind is null ? "" : $" ({ViolationKind} at call {Call})") + (Signal is null ? "" : $" (signal {Signal})");
}

/// <summary>
/// An executor independent of Unicorn and of tpsim's loader and checker: builds a case's probes.c, site and
/// stub with the same <see cref="Compiler"/> and the same flags as <see cref="CaseRunner"/> (-mcmodel=kernel
/// included), links them with a hand-written harness (CrossCheck/x86_64/harness.S) into a freestanding static
/// executable, and runs it on the host CPU. The kernel code model only promises that symbols fit a
/// sign-extended 32-bit address; user space cannot map the top 2 GiB, but the bottom 2 GiB satisfies the
/// same R_X86_64_32S relocations, so the program is linked at <see cref="ImageBase"/> and the objects are
/// byte-for-byte the ones tpsim loads. Each array entry calls a shim that checks the callee at its own return.
/// x86_64 hosts only; the default build only.
/// </summary>
public sealed class NativeX86Executor
{
    /// <summary>Where the program is linked: low, so every R_X86_64_32S of -mcmodel=kernel code fits.</summary>
    public const ulong ImageBase = 0x200000;

    /// <summary>Array entries the harness has shims for.</summary>
    public const int MaxEntries = 8;

    /// <summary>Exit-status kinds (status = kind * 8 + call), as harness.S defines them.</summary>
    private static readonly string[] Kinds =
    [
        "", ViolationKinds.ReturnAddress, ViolationKinds.StackPointer, ViolationKinds.CalleeSaved,
        ViolationKinds.CallerFrame, ViolationKinds.Argument, ViolationKinds.MissingCall, SiteBalance,
    ];

    /// <summary>The site itself came back with SP or a callee-saved register changed (not a callee's fault as seen at its return).</summary>
    public const string SiteBalance = "site-balance";

    private readonly IsaBackend _isa;
    private readonly Compiler _compiler;
    private readonly TimeSpan _timeout;
    private readonly string _linker;

    /// <param name="timeout">How long the program may run before it is killed and called a timeout; 2 s when null.</param>
    public NativeX86Executor(IsaBackend isa, Compiler compiler, TimeSpan? timeout = null, string linker = "ld.lld-19")
    {
        ArgumentNullException.ThrowIfNull(isa);
        ArgumentNullException.ThrowIfNull(compiler);
        if (isa.Name != "x86_64")
        {
            throw new ArgumentException($"the native executor runs x86_64 cases, not {isa.Name}", nameof(isa));
        }
        _isa = isa;
        _compiler = compiler;
        _timeout = timeout ?? TimeSpan.FromSeconds(2);
        _linker = linker;
    }

    /// <summary>True when the host can run the program: Linux on x86_64.</summary>
    public static bool HostSupported => OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64;

    public NativeResult Run(StubCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (!c.Build.IsDefault)
        {
            throw new CaseInputException($"case {c.Name}: the native executor runs the default build only, not {c.Build.Name}");
        }
        if (c.Isa.Name != _isa.Name)
        {
            throw new CaseInputException($"case {c.Name} is for {c.Isa.Name}");
        }
        if (c.Args is < 0 or > StubMatrix.MaxArgs)
        {
            throw new CaseInputException($"argument count {c.Args} is outside 0..{StubMatrix.MaxArgs}");
        }
        if (c.Shape.Entries.Count is 0 or > MaxEntries)
        {
            throw new CaseInputException($"array shape '{c.Shape.Name}' must have 1..{MaxEntries} entries for the native harness");
        }

        var build = c.Build;
        var tc = _isa.Toolchain;
        var objects = new List<(string Name, byte[] Bytes)>
        {
            ("harness.o", _compiler.Compile(build, tc, SourceLanguage.Asm, KernelSources.Read("CrossCheck/x86_64/harness.S"), "CrossCheck/x86_64/harness.S")),
            ("case.o", _compiler.Compile(build, tc, SourceLanguage.Asm, CaseData(c), "case.S")),
            ("probes.o", _compiler.Compile(build, tc, SourceLanguage.C, KernelSources.Probes, "probes.c")),
            ("site.o", c.Site switch
            {
                SiteKind.C => _compiler.Compile(build, tc, SourceLanguage.C, KernelSources.Site, "site.c"),
                SiteKind.Asm => _compiler.Compile(build, tc, SourceLanguage.Asm, _isa.ReadSource("site.S"), $"{_isa.Name}/site.S"),
                _ => _compiler.Compile(build, tc, SourceLanguage.Asm, _isa.ReadSource("site.S"), $"{_isa.Name}/site.S", ["-DTP_SITE_NO_RESTORE"]),
            }),
            ("stub.o", _compiler.Compile(build, tc, c.Stub.Language, c.Stub.Text, c.Stub.FileName)),
        };

        var work = Directory.CreateTempSubdirectory("tpsim-native-");
        try
        {
            foreach (var (name, bytes) in objects)
            {
                File.WriteAllBytes(Path.Combine(work.FullName, name), bytes);
            }
            var exe = Path.Combine(work.FullName, "case");
            Link(work.FullName, exe, objects.Select(o => o.Name));
            return Execute(exe);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The case as data for harness.S: argument count, site entry and its arguments, array entries, seeds.</summary>
    internal static string CaseData(StubCase c)
    {
        static string Q(ulong v) => $"\t.quad\t0x{v:x}\n";
        var args = Enumerable.Range(0, StubMatrix.MaxArgs).Select(Seeds.Argument).ToArray();
        var sb = new StringBuilder("/* generated by tpsim for one native case */\n\t.data\n\t.p2align 3\n");
        void Global(string name) => sb.Append(CultureInfo.InvariantCulture, $"\t.globl\t{name}\n{name}:\n");

        Global("case_nargs");
        sb.Append(Q((ulong)c.Args));
        Global("case_nentries");
        sb.Append(Q((ulong)c.Shape.Entries.Count));
        // The callee's incoming stack words: data and the arguments past the six register slots.
        Global("case_nstackin");
        sb.Append(Q((ulong)Math.Max(0, c.Args + 1 - 6)));

        // The site is called as the kernel would: __traceiter_tpsim_N(NULL, a1..aN), or tp_asm_site(n, argv).
        string[] siteArgs = c.Site == SiteKind.C
            ? ["0", .. args.Take(c.Args).Select(a => $"0x{a:x}")]
            : [c.Args.ToString(CultureInfo.InvariantCulture), "case_args"];
        Global("case_site");
        sb.Append(CultureInfo.InvariantCulture, $"\t.quad\t{(c.Site == SiteKind.C ? $"__traceiter_tpsim_{c.Args}" : "tp_asm_site")}\n");
        Global("case_regs");
        for (var i = 0; i < 6; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\t.quad\t{(i < siteArgs.Length ? siteArgs[i] : "0")}\n");
        }
        var stack = siteArgs.Skip(6).ToArray();
        Global("case_nstack");
        sb.Append(Q((ulong)stack.Length));
        Global("case_stack");
        foreach (var s in stack.Append("0"))
        {
            sb.Append(CultureInfo.InvariantCulture, $"\t.quad\t{s}\n");
        }

        Global("case_entries");
        for (var i = 0; i < c.Shape.Entries.Count; i++)
        {
            var probe = c.Shape.Entries[i] == ArrayEntry.Probe;
            sb.Append(CultureInfo.InvariantCulture, $"\t.quad\t{(probe ? $"tp_probe_{c.Args}" : "tp_stub_func")}\n");
            sb.Append(Q(Seeds.Data(i)));
            sb.Append(Q(probe ? 1UL : 0UL));
        }
        Global("case_args");
        foreach (var a in args)
        {
            sb.Append(Q(a));
        }
        Global("case_saved");
        for (var i = 0; i < 6; i++)
        {
            sb.Append(Q(Seeds.CalleeSaved(i)));
        }
        sb.Append("\t.section .note.GNU-stack, \"\", @progbits\n");
        return sb.ToString();
    }

    private void Link(string dir, string exe, IEnumerable<string> objects)
    {
        string[] arguments =
        [
            "-static", "-nostdlib", "-e", "_start", $"--image-base=0x{ImageBase:x}", "-z", "noexecstack",
            "-o", exe, .. objects.Select(o => Path.Combine(dir, o)),
        ];
        var (code, _, stderr) = RunProcess(_linker, arguments, TimeSpan.FromSeconds(60), out var timedOut);
        if (timedOut)
        {
            throw new ToolchainException($"{_linker} did not finish linking the native case; killed");
        }
        if (code != 0)
        {
            throw new ToolchainException($"{_linker} failed linking the native case: {stderr.Trim()}", code);
        }
    }

    private NativeResult Execute(string exe)
    {
        var watch = Stopwatch.StartNew();
        var (status, _, _) = RunProcess(exe, [], _timeout, out var timedOut);
        var elapsed = watch.Elapsed;
        if (timedOut)
        {
            return new NativeResult(Verdict.Timeout, null, null, null, -1, elapsed);
        }
        if (status == 0)
        {
            return new NativeResult(Verdict.Balanced, null, null, null, 0, elapsed);
        }
        if (status > 128)
        {
            // .NET reports a child killed by a signal as 128 + the signal; the harness never exits above 63.
            var signal = status - 128;
            var verdict = signal switch
            {
                4 or 5 => Verdict.Trap,     // SIGILL (ud2), SIGTRAP (int3)
                7 or 11 => Verdict.Fault,   // SIGBUS, SIGSEGV
                _ => Verdict.Fault,
            };
            return new NativeResult(verdict, null, null, signal, status, elapsed);
        }
        var kind = status / 8;
        if (kind is <= 0 || kind >= Kinds.Length)
        {
            throw new InvalidOperationException($"native harness exited with unknown status {status}");
        }
        return new NativeResult(Verdict.Unbalanced, Kinds[kind], status % 8, null, status, elapsed);
    }

    private static (int ExitCode, string Stdout, string Stderr) RunProcess(string path, IEnumerable<string> arguments, TimeSpan timeout, out bool timedOut)
    {
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
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
            throw new ToolchainException($"cannot start {path}: {ex.Message}; install with `apt-get install -y clang-19 lld-19 llvm-19`", innerException: ex);
        }
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        timedOut = !process.WaitForExit(timeout);
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
        return (timedOut ? -1 : process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}

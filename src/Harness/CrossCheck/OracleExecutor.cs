using Tpsim.Harness.Sources;
using System.Collections.Concurrent;
using System.Diagnostics;
using LibObjectFile.Elf;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Cases;

namespace Tpsim.Harness.CrossCheck;

/// <summary>
/// An executor independent of Unicorn and of tpsim's loader and checker. It builds a case's probes.c, site and
/// stub with the same <see cref="Compiler"/> and flags as <see cref="CaseRunner"/>, links them with the ISA's
/// hand-written harness (<c>CrossCheck/&lt;isa&gt;/harness.S</c>) into a freestanding static program, and runs it
/// on the host CPU (x86_64) or under qemu-user (every other ISA), with the case on standard input
/// (<see cref="CaseDescriptor"/>). Each array entry calls a shim in the harness that checks the callee at its
/// own return, so a register the site saves anyway or a stack error that would crash later is still named
/// at the call that caused it. One program is linked per (build, site, stub) and reused for every argument
/// count and shape; the programs live in a temporary folder removed on <see cref="Dispose"/>. Thread-safe.
/// </summary>
public sealed class OracleExecutor : IDisposable
{
    /// <summary>Exit-status kinds (status = kind * 8 + call), as every harness.S defines them.</summary>
    private static readonly ViolationKind?[] Kinds =
    [
        null, ViolationKind.ReturnAddress, ViolationKind.StackPointer, ViolationKind.CalleeSaved,
        ViolationKind.CallerFrame, ViolationKind.Argument, ViolationKind.MissingCall, ViolationKind.SiteBalance,
    ];


    /// <summary>The status a harness exits with when its standard input is not a whole descriptor with the magic word.</summary>
    public const int BadDescriptorStatus = 1;

    private readonly IsaBackend _isa;
    private readonly Compiler _compiler;
    private readonly TimeSpan _timeout;
    private readonly DirectoryInfo _work;
    private readonly ConcurrentDictionary<string, Lazy<LinkedProgram>> _programs = new(StringComparer.Ordinal);
    private int _disposed;

    /// <param name="timeout">How long a program may run before it is killed and called a timeout; 2 s when null.</param>
    public OracleExecutor(IsaBackend isa, Compiler compiler, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(isa);
        ArgumentNullException.ThrowIfNull(compiler);
        Target = isa.Oracle;
        _isa = isa;
        _compiler = compiler;
        _timeout = timeout ?? TimeSpan.FromSeconds(2);
        _work = Directory.CreateTempSubdirectory($"tpsim-oracle-{isa.Name}-");
    }

    public OracleTarget Target { get; }

    /// <summary>The ISA whose programs this executor runs.</summary>
    public IsaBackend Isa => _isa;

    /// <summary>
    /// Null when this host can run the ISA's programs; otherwise why not: an oracle without an emulator is the host
    /// CPU (<see cref="OracleTarget.HostArchitecture"/>), every other one a qemu-user binary that must be installed.
    /// </summary>
    public static string? Unavailable(IsaBackend isa)
    {
        ArgumentNullException.ThrowIfNull(isa);
        var target = isa.Oracle;
        if (target.Emulator is null)
        {
            return OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == target.HostArchitecture
                ? null
                : $"the {isa.Name} oracle is the host CPU, and this host is not {isa.Name} Linux";
        }
        return !HostProcess.OnPath(target.Emulator)
            ? $"{target.Emulator} is not installed (apt-get install -y {OracleTarget.EmulatorPackage})"
            : null;
    }

    public OracleResult Run(StubCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (c.Isa.Name != _isa.Name)
        {
            throw new CaseInputException($"case {c.Name} is for {c.Isa.Name}, this oracle runs {_isa.Name}");
        }
        var maxArgs = c.Generated is null ? StubMatrix.MaxArgs : CaseDescriptor.SeedsAt - CaseDescriptor.ArgsAt;
        if (c.Args < 0 || c.Args > maxArgs)
        {
            throw new CaseInputException($"argument count {c.Args} is outside 0..{maxArgs}");
        }
        if (c.Shape.Entries.Count is 0 or > CaseDescriptor.MaxEntries)
        {
            throw new CaseInputException($"array shape '{c.Shape.Name}' must have 1..{CaseDescriptor.MaxEntries} entries for the cross-check harness");
        }
        if (Unavailable(_isa) is { } why)
        {
            throw new ToolchainException($"cannot cross-check {c.Name}: {why}");
        }
        var program = Program(c);
        var descriptor = CaseDescriptor.Build(c, program.Symbols);
        return Execute(program.Path, descriptor);
    }

    private LinkedProgram Program(StubCase c)
    {
        static string Hash(string text) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
        var key = $"{c.Build.Name}|{c.Site}|{c.Stub.Language}|{c.Stub.FileName}|{Hash(c.Stub.Text)}|{(c.Generated is { } g ? Hash(g.SiteSource + g.ProbeSource) : "")}";
        var lazy = _programs.GetOrAdd(key, k => new Lazy<LinkedProgram>(() => Link(c, _programs.Count), LazyThreadSafetyMode.ExecutionAndPublication));
        return lazy.Value;
    }

    private LinkedProgram Link(StubCase c, int serial)
    {
        var build = c.Build;
        var tc = _isa.Toolchain;
        var objects = new List<(string Name, byte[] Bytes)>
        {
            ("harness.o", _compiler.Compile(build, tc, SourceLanguage.Asm, HarnessSource(), $"{_isa.Name}/{OracleTarget.HarnessSource}")),
            ("probes.o", _compiler.Compile(build, tc, SourceLanguage.C, HarnessSources.Probes, "probes.c")),
            ("stub.o", _compiler.Compile(build, tc, c.Stub.Language, c.Stub.Text, c.Stub.FileName)),
        };
        if (c.Generated is { } generated)
        {
            objects.Add(("generated-site.o", _compiler.Compile(build, tc, SourceLanguage.C, generated.SiteSource, GeneratedSite.SiteFile)));
            objects.Add(("generated-probe.o", _compiler.Compile(build, tc, SourceLanguage.C, generated.ProbeSource, GeneratedSite.ProbeFile)));
        }
        else
        {
            objects.Add(("site.o", c.Site switch
            {
                SiteKind.C => _compiler.Compile(build, tc, SourceLanguage.C, HarnessSources.Site, "site.c"),
                SiteKind.Asm => _compiler.Compile(build, tc, SourceLanguage.Asm, _isa.ReadSource("site.S"), $"{_isa.Name}/site.S"),
                _ => _compiler.Compile(build, tc, SourceLanguage.Asm, _isa.ReadSource("site.S"), $"{_isa.Name}/site.S", ["-DTP_SITE_NO_RESTORE"]),
            }));
        }
        var dir = _work.CreateSubdirectory($"p{serial}-{Guid.NewGuid():N}");
        foreach (var (name, bytes) in objects)
        {
            File.WriteAllBytes(Path.Combine(dir.FullName, name), bytes);
        }
        var exe = Path.Combine(dir.FullName, "case");
        string[] arguments =
        [
            "-static", "-nostdlib", "-e", "_start", "-z", "noexecstack", .. Target.LinkerArguments,
            .. Target.BuildLinkerArguments.GetValueOrDefault(build.Config.Name, []),
            "-o", exe, .. objects.Select(o => Path.Combine(dir.FullName, o.Name)),
        ];
        var result = HostProcess.Run(Target.Linker, arguments, null, TimeSpan.FromSeconds(60));
        if (result.TimedOut)
        {
            throw new ToolchainException($"{Target.Linker} did not finish linking the cross-check program for {c.Name}; killed");
        }
        if (result.ExitCode != 0)
        {
            throw new ToolchainException($"{Target.Linker} failed linking the cross-check program for {c.Name}: {result.StandardError.Trim()}", result.ExitCode);
        }
        return new LinkedProgram(exe, ReadSymbols(exe));
    }

    /// <summary>The ISA's harness.S with its <c>#include "harness.h"</c> line replaced by the shared header, line numbers kept.</summary>
    internal string HarnessSource()
    {
        var path = $"{_isa.Name}/{OracleTarget.HarnessSource}";
        var lines = _isa.ReadSource(OracleTarget.HarnessSource).Split('\n');
        var at = Array.FindIndex(lines, l => l.StartsWith("#include \"harness.h\"", StringComparison.Ordinal));
        if (at < 0)
        {
            throw new InvalidOperationException($"{path} does not include harness.h");
        }
        lines[at] = $"{HarnessSources.Read("CrossCheck/harness.h")}\n#line {at + 2} \"{path}\"";
        return string.Join('\n', lines);
    }

    /// <summary>Every defined symbol of the linked program, by name (function symbols carry the Thumb bit on arm).</summary>
    private static Dictionary<string, ulong> ReadSymbols(string exe)
    {
        using var stream = File.OpenRead(exe);
        if (!ElfFile.TryRead(stream, out var elf, out var diagnostics, new ElfReaderOptions()))
        {
            throw new ToolchainException($"cannot read the linked cross-check program {exe}: {diagnostics.ToString().Trim()}");
        }
        var symbols = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var table in elf.Sections.OfType<ElfSymbolTable>())
        {
            foreach (var s in table.Entries)
            {
                var name = s.Name.Value;
                var defined = !s.SectionLink.IsSpecial || s.SectionLink.SpecialIndex == 0xfff1;   // in a section, or SHN_ABS
                if (!string.IsNullOrEmpty(name) && defined && s.Type != ElfSymbolType.Section && s.Type != ElfSymbolType.File)
                {
                    symbols[name] = s.Value;
                }
            }
        }
        return symbols;
    }

    private OracleResult Execute(string exe, byte[] descriptor)
    {
        var watch = Stopwatch.StartNew();
        var result = Target.Emulator is null
            ? HostProcess.Run(exe, [], descriptor, _timeout)
            : HostProcess.Run(Target.Emulator, [.. Target.EmulatorArguments, exe], descriptor, _timeout);
        var elapsed = watch.Elapsed;
        // The harness writes one byte per call that passed its checks, and nothing else, to stdout.
        var completed = result.StandardOutput.Length;
        if (result.TimedOut)
        {
            return new OracleResult(Verdict.Timeout, null, null, null, -1, elapsed, completed);
        }
        var status = result.ExitCode;
        if (status == 0)
        {
            return new OracleResult(Verdict.Balanced, null, null, null, 0, elapsed, completed);
        }
        if (status > 128)
        {
            // .NET reports a child killed by a signal as 128 + the signal (qemu-user re-raises the guest's); a harness never exits above 63.
            var signal = status - 128;
            var verdict = signal is 4 or 5 ? Verdict.Trap : Verdict.Fault;   // SIGILL, SIGTRAP; SIGSEGV, SIGBUS and the rest
            return new OracleResult(verdict, null, null, signal, status, elapsed, completed);
        }
        if (status == BadDescriptorStatus)
        {
            throw new InvalidOperationException($"the {_isa.Name} harness rejected its case descriptor (status 1): {result.StandardError.Trim()}");
        }
        var kind = status / 8;
        if (kind is <= 0 || kind >= Kinds.Length)
        {
            throw new InvalidOperationException($"the {_isa.Name} harness exited with unknown status {status}: {result.StandardError.Trim()}");
        }
        return new OracleResult(Verdict.Unbalanced, Kinds[kind], status % 8, null, status, elapsed, completed);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            try
            {
                _work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A program still being killed; the temporary folder is left for the system to clean.
            }
        }
    }

    private sealed record LinkedProgram(string Path, IReadOnlyDictionary<string, ulong> Symbols);
}

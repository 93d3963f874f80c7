using Tpsim.Harness.Sources;
using System.Collections.Concurrent;
using System.Diagnostics;
using LibObjectFile.Elf;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
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
        ViolationKind.Flags,
    ];


    /// <summary>The status a harness exits with when its standard input is not a whole descriptor with the magic word.</summary>
    public const int BadDescriptorStatus = 1;

    /// <summary>The bytes that open a harness's report after its progress bytes, and the report's sizes (harness.h).</summary>
    private const byte SavedReport = 0x52, SignalReport = 0x53;
    private const int SiginfoBytes = 128, ContextBytes = 1024;

    /// <summary>What every harness calls the landing its shims return to (shim_land, shim_land_0, ...).</summary>
    private const string LandingSymbol = "shim_land";

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
        return Execute(program, descriptor);
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
        return ReadProgram(exe);
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

    /// <summary>
    /// Every defined symbol of the linked program, by name (function symbols carry the Thumb bit on arm), and what
    /// naming a code address needs: the executable sections and, where a function symbol is a descriptor (ppc64
    /// ELFv1 .opd), the code entry it holds, read by the ISA's relocator as tpsim's loader reads it.
    /// </summary>
    private LinkedProgram ReadProgram(string exe)
    {
        var file = File.ReadAllBytes(exe);
        using var stream = new MemoryStream(file, writable: false);
        if (!ElfFile.TryRead(stream, out var elf, out var diagnostics, new ElfReaderOptions()))
        {
            throw new ToolchainException($"cannot read the linked cross-check program {exe}: {diagnostics.ToString().Trim()}");
        }
        var symbols = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var entries = new List<KeyValuePair<string, ulong>>();
        var executable = elf.Sections
            .Where(x => x.Flags.HasFlag(ElfSectionFlags.Executable) && x.Flags.HasFlag(ElfSectionFlags.Alloc) && x.Size > 0)
            .Select(x => new AddressRange(x.VirtualAddress, x.VirtualAddress + x.Size)).ToList();
        foreach (var table in elf.Sections.OfType<ElfSymbolTable>())
        {
            foreach (var sym in table.Entries)
            {
                var name = sym.Name.Value;
                var defined = !sym.SectionLink.IsSpecial || sym.SectionLink.SpecialIndex == 0xfff1;   // in a section, or SHN_ABS
                if (string.IsNullOrEmpty(name) || !defined || sym.Type == ElfSymbolType.Section || sym.Type == ElfSymbolType.File)
                {
                    continue;
                }
                symbols[name] = sym.Value;
                if (sym.Type == ElfSymbolType.Function && !sym.SectionLink.IsSpecial && sym.SectionLink.Section is { } holder
                    && holder.Type != ElfSectionType.NoBits && sym.Value >= holder.VirtualAddress && holder.Position + holder.Size <= (ulong)file.Length
                    && _isa.Relocator.FunctionEntry(holder.Name.Value ?? "", file.AsSpan((int)holder.Position, (int)holder.Size), sym.Value - holder.VirtualAddress) is { } code)
                {
                    entries.Add(new(name, code));
                }
            }
        }
        return new LinkedProgram(exe, symbols, [.. symbols, .. entries], executable);
    }

    private OracleResult Execute(LinkedProgram program, byte[] descriptor)
    {
        var watch = Stopwatch.StartNew();
        // Latin-1: the reports after the progress bytes are binary, one char per byte.
        var result = Target.Emulator is null
            ? HostProcess.Run(program.Path, [], descriptor, _timeout, outputEncoding: System.Text.Encoding.Latin1)
            : HostProcess.Run(Target.Emulator, [.. Target.EmulatorArguments, program.Path], descriptor, _timeout, outputEncoding: System.Text.Encoding.Latin1);
        var elapsed = watch.Elapsed;
        // One byte, the call's index, per call that passed its checks; a report (harness.h) opens with a byte no index can be.
        var output = System.Text.Encoding.Latin1.GetBytes(result.StandardOutput);
        var completed = Array.FindIndex(output, b => b >= CaseDescriptor.MaxEntries);
        completed = completed < 0 ? output.Length : completed;
        var report = output.AsSpan(completed);
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
            // .NET reports a child killed by a signal as 128 + the signal (qemu-user re-raises the guest's), and the harness's
            // handler exits with the same status after its report; a harness never exits above 63 otherwise.
            var signal = status - 128;
            var trap = signal is SigIll or SigTrap;
            var verdict = trap ? Verdict.Trap : Verdict.Fault;   // SIGILL, SIGTRAP; SIGSEGV, SIGBUS and the rest
            var signalled = new OracleResult(verdict, null, null, signal, status, elapsed, completed)
            {
                TrapKind = !trap ? null : signal == SigTrap ? TrapKind.Breakpoint : TrapKind.InvalidInstruction,
            };
            return report.IsEmpty ? signalled : WithSignalReport(signalled, report, program, result.StandardError);
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
        var unbalanced = new OracleResult(Verdict.Unbalanced, Kinds[kind], status % 8, null, status, elapsed, completed);
        if (report.IsEmpty)
        {
            return unbalanced;
        }
        if (Kinds[kind] != ViolationKind.CalleeSaved || report[0] != SavedReport)
        {
            throw new InvalidOperationException($"the {_isa.Name} harness exited with status {status} and an unexpected report 0x{report[0]:x2} of {report.Length} bytes");
        }
        return unbalanced with { Register = ChangedRegister(report[1..]) };
    }

    /// <summary>Signal numbers that mean a trap; mips keeps SIGILL and SIGTRAP at 4 and 5 too.</summary>
    private const int SigIll = 4, SigTrap = 5;

    /// <summary>
    /// The first register in Abi.CalleeSaved order whose value at the return differs from the one at the entry, from an
    /// R_SAVED report: both sets as words of the ISA's size and byte order.
    /// </summary>
    private string ChangedRegister(ReadOnlySpan<byte> words)
    {
        var names = _isa.Abi.CalleeSaved.ToArray();
        var word = _isa.Abi.PointerSize;
        if (words.Length != 2 * names.Length * word)
        {
            throw new InvalidOperationException($"the {_isa.Name} harness reported {words.Length} bytes of callee-saved registers, not {2 * names.Length * word}");
        }
        for (var i = 0; i < names.Length; i++)
        {
            var entry = MemoryWords.GetWord(words[(i * word)..], word, _isa.Abi.ByteOrder);
            var now = MemoryWords.GetWord(words[((names.Length + i) * word)..], word, _isa.Abi.ByteOrder);
            if (entry != now)
            {
                return names[i];
            }
        }
        throw new InvalidOperationException($"the {_isa.Name} harness failed a callee-saved check, but its report shows no register changed");
    }

    /// <summary>
    /// A trap's pc or a fault's address from the handler's R_SIGNAL report: si_addr follows three ints (at 16 on a 64-bit
    /// ISA, 12 on a 32-bit one, mips included), the pc sits at <see cref="OracleTarget.ContextPcOffset"/> in the context.
    /// </summary>
    private OracleResult WithSignalReport(OracleResult r, ReadOnlySpan<byte> report, LinkedProgram program, string stderr)
    {
        var word = _isa.Abi.PointerSize;
        var order = _isa.Abi.ByteOrder;
        if (report[0] != SignalReport || report.Length != 1 + SiginfoBytes + ContextBytes + word)
        {
            throw new InvalidOperationException($"the {_isa.Name} harness died of signal {r.Signal} with an unexpected report 0x{report[0]:x2} of {report.Length} bytes: {stderr.Trim()}");
        }
        var info = report.Slice(1, SiginfoBytes);
        var context = report.Slice(1 + SiginfoBytes, ContextBytes);
        var signo = (int)MemoryWords.GetWord(info, 4, order);
        if (signo != r.Signal)
        {
            throw new InvalidOperationException($"the {_isa.Name} harness exited as signal {r.Signal}, but its report is for signal {signo}");
        }
        if (Target.ContextPcOffset is not { } pcAt)
        {
            return r;
        }
        var address = MemoryWords.GetWord(info[(word == 8 ? 16 : 12)..], word, order);
        var pc = MemoryWords.GetWord(context[pcAt..], word, order);
        var pendingReturn = MemoryWords.GetWord(report[(1 + SiginfoBytes + ContextBytes)..], word, order);
        if (r.Verdict == Verdict.Trap)
        {
            var at = Target.TrapPcFromSignalAddress ? address : pc;
            return r with { TrapPc = at, TrapPcSymbol = Named(at) };
        }
        return r with { FaultAddress = address, FaultAddressSymbol = Named(address) };

        // The shims hand each callee their landing as its return address, so a landing address (a return address
        // whose PAC bits were corrupted, fetched from) stands for the real return address at the same offset.
        string Named(ulong a)
        {
            var name = program.Name(a, _isa);
            if (name.StartsWith(LandingSymbol, StringComparison.Ordinal) && pendingReturn != 0
                && ulong.TryParse(name.AsSpan(name.IndexOf("+0x", StringComparison.Ordinal) + 3), System.Globalization.NumberStyles.HexNumber, null, out var offset))
            {
                return program.Name(pendingReturn + offset, _isa);
            }
            return name;
        }
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

    /// <param name="Code">Symbols and descriptor entries for naming code addresses.</param>
    /// <param name="Executable">The program's executable sections.</param>
    private sealed record LinkedProgram(string Path, IReadOnlyDictionary<string, ulong> Symbols, IReadOnlyList<KeyValuePair<string, ulong>> Code, IReadOnlyList<AddressRange> Executable)
    {
        public string Name(ulong address, IsaBackend isa) => CodePlaces.Name(address, Code, Executable, isa);
    }
}

using Tpsim.Harness.Sources;
using System.Security.Cryptography;
using System.Text;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Tracing;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Harness.Cases;

/// <summary>
/// Runs stub cases for one ISA on one reused engine: the probes, both sites and every stub seen so far
/// stay loaded in their own slots, and each case restores a saved CPU context and rewrites only the
/// array, arguments, log and stack. Not thread-safe: one per thread.
/// </summary>
public sealed class CaseRunner : IDisposable
{
    /// <summary>Enough for 64 calls of a 12-argument site many times over; a looping callee hits it in milliseconds.</summary>
    public const ulong InstructionBudget = 200_000;

    private readonly HarnessLayout _layout;
    private readonly Engine _engine;
    private readonly CallMonitor _monitor;
    private readonly EngineContext _pristine;
    private readonly SymbolTable _kernelSymbols = new();
    private readonly ObjectLoader _loader;
    private readonly LoadedObject _probes;
    private readonly ProbeLog _log;
    private readonly ulong _tracepoint;
    private readonly Dictionary<SiteKind, LoadedObject> _sites = [];
    private readonly Dictionary<string, (LoadedObject Object, ulong Entry)> _stubs = [];
    private readonly Dictionary<GeneratedSite, (LoadedObject Site, LoadedObject Probe)> _generated = [];
    private readonly CheckedRun _run;
    private readonly HashSet<ulong> _targets = [];
    private int _slotsUsed;

    /// <summary>How the checked run names the harness's code in notes.</summary>
    private static readonly RunWording Wording = new("site", "site", RunWording.EngineErrors);

    public CaseRunner(IsaBackend isa, Compiler compiler, BuildSpec? build = null)
    {
        Isa = isa;
        Compiler = compiler;
        Build = build ?? BuildSpec.Default;
        _layout = new HarnessLayout(isa);
        _engine = isa.CreateEngine(Build);
        try
        {
            _monitor = new CallMonitor(isa) { CalleePopsArguments = Build.Config == BuildConfigs.Stdcall };
            _loader = new ObjectLoader(_engine, _kernelSymbols);
            MapHarness();
            // A kCFI trap names its target from every object loaded so far (enumerated anew at each trap).
            _run = new CheckedRun(_engine, isa, _layout.HaltPage, symbolize: GuestEvents.Symbolizer(Loaded()))
            {
                Stack = new StackGuard(_layout.StackGuardStart, _layout.StackBase, _layout.StackTop),
            };
            for (var i = 0; i < isa.SupportSources.Count; i++)
            {
                // Loaded before probes.o, so into the kernel table that every later object links against.
                var source = isa.SupportSources[i];
                LoadKernelObject(isa.ReadSource(source), SourceLanguage.Asm, $"{isa.Name}/{source}", _layout.SupportSlot(i), Path.ChangeExtension(source, ".o"));
            }
            _probes = LoadKernelObject(HarnessSources.Probes, SourceLanguage.C, "probes.c", _layout.ProbesSlot, "probes.o");
            _log = new ProbeLog(_engine, _probes.Symbol("tp_log"), _probes.Symbol("tp_log_len"), isa.Abi.PointerSize, isa.Abi.ByteOrder);
            _tracepoint = _probes.Symbol("__tracepoint_tpsim");
            _pristine = _engine.SaveContext();
        }
        catch
        {
            _engine.Dispose();
            throw;
        }
    }

    public IsaBackend Isa { get; }

    public Compiler Compiler { get; }

    /// <summary>The build of every C source this runner compiles; a case of another build is refused.</summary>
    public BuildSpec Build { get; }

    /// <summary>
    /// True when the runner can still load what <paramref name="c"/> needs: stubs and generated sites share
    /// <see cref="HarnessLayout.StubSlots"/> slots, so a stream of generated cases needs a new runner now and then.
    /// </summary>
    public bool HasRoomFor(StubCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var needed = (_stubs.ContainsKey(StubKey(c.Stub)) ? 0 : 1) + (c.Generated is { } g && !_generated.ContainsKey(g) ? 2 : 0);
        return _slotsUsed + needed <= HarnessLayout.StubSlots;
    }

    /// <summary>
    /// Loads <paramref name="stubs"/> in the order given (as many as there are slots), so that each stub sits in the same
    /// slot, and so at the same address, whichever of the cases this runner then runs: the evidence of a case (a pc, a
    /// fault's address) is then the same in any worker and in any shard of the run.
    /// </summary>
    public void Preload(IEnumerable<StubSource> stubs)
    {
        ArgumentNullException.ThrowIfNull(stubs);
        foreach (var stub in stubs.DistinctBy(StubKey).Take(HarnessLayout.StubSlots - _slotsUsed))
        {
            LoadStub(stub);
        }
    }

    /// <summary>The command lines that build a case's probes, site and stub, as reports record them.</summary>
    public IReadOnlyList<string> Commands(StubCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.Generated is not null)
        {
            return
            [
                Compiler.CommandLine(Build, Isa.Toolchain, SourceLanguage.C, "probes.c"),
                Compiler.CommandLine(Build, Isa.Toolchain, SourceLanguage.C, GeneratedSite.ProbeFile),
                Compiler.CommandLine(Build, Isa.Toolchain, SourceLanguage.C, GeneratedSite.SiteFile),
                Compiler.CommandLine(Build, Isa.Toolchain, c.Stub.Language, c.Stub.FileName),
            ];
        }
        var site = c.Site == SiteKind.C
            ? Compiler.CommandLine(Build, Isa.Toolchain, SourceLanguage.C, "site.c")
            : Compiler.CommandLine(Build, Isa.Toolchain, SourceLanguage.Asm, $"{Isa.Name}/site.S", c.Site == SiteKind.AsmNoRestore ? ["-DTP_SITE_NO_RESTORE"] : null);
        return
        [
            Compiler.CommandLine(Build, Isa.Toolchain, SourceLanguage.C, "probes.c"),
            site,
            Compiler.CommandLine(Build, Isa.Toolchain, c.Stub.Language, c.Stub.FileName),
        ];
    }

    /// <summary>Runs one case; the first violating call decides, and a fault or trap is pinned to its exact instruction.</summary>
    public CaseResult Run(StubCase stubCase)
    {
        var stub = Admit(stubCase);
        return RunOnce(stubCase, Prepare(stubCase), stub);
    }

    /// <summary>
    /// Runs one case instruction by instruction (<c>tpsim explain</c>): the same verdict as <see cref="Run"/>, and the
    /// trace of the site and of call <paramref name="call"/>; by default the first violating call, else the call in
    /// which the case trapped or faulted, else the stub's first call.
    /// </summary>
    public CaseExplanation Explain(StubCase stubCase, int? call = null)
    {
        var stub = Admit(stubCase);
        var site = Prepare(stubCase);
        using var tracer = new CallTracer(_engine, Isa, pc => CodePlaces.Locate(pc, Loaded(), Isa));
        _run.Tracer = tracer;
        CaseResult result;
        try
        {
            result = RunOnce(stubCase, site, stub);
        }
        finally
        {
            _run.Tracer = null;
        }
        var trace = tracer.Finish(result.Violations, result.Trap, result.Fault);
        var calls = stubCase.Shape.Entries.Count;
        if (call is { } n && (n < 0 || n >= calls))
        {
            throw new CaseInputException($"--call {n}: the array of shape '{stubCase.Shape.Name}' makes calls 0..{calls - 1}");
        }
        var chosen = call ?? trace.DefaultCall(result.Violations, callee => callee == "tp_stub_func");
        return new CaseExplanation(stubCase, result, trace, chosen);
    }

    /// <summary>Checks that a case fits this runner and loads its stub.</summary>
    private ulong Admit(StubCase stubCase)
    {
        if (stubCase.Build != Build)
        {
            throw new CaseInputException($"case {stubCase.Name} is for build {stubCase.Build.Name}, this runner builds {Build.Name}");
        }
        var maxArgs = stubCase.Generated is null ? StubMatrix.MaxArgs : ProbeLog.LogArgs;
        if (stubCase.Args is < 0 || stubCase.Args > maxArgs)
        {
            throw new CaseInputException($"argument count {stubCase.Args} is outside 0..{maxArgs}");
        }
        if (stubCase.Shape.Entries.Count is 0 or >= HarnessLayout.MaxEntries)
        {
            throw new CaseInputException($"array shape '{stubCase.Shape.Name}' must have 1..{HarnessLayout.MaxEntries - 1} entries");
        }
        if (!HasRoomFor(stubCase))
        {
            throw new CaseInputException($"case {stubCase.Name}: this runner has no free slot left for its stub or generated site");
        }
        return LoadStub(stubCase.Stub);
    }

    /// <summary>How a case calls its site, and what its probe is and records.</summary>
    private sealed record SiteCall(ulong Entry, IReadOnlyList<ulong> SiteArguments, IReadOnlyList<ulong> Recorded, ulong Probe, string ProbeName, int? StackBytes);

    private SiteCall Prepare(StubCase c)
    {
        var mask = MemoryWords.Mask(Isa.Abi.PointerSize);
        if (c.Generated is { } g)
        {
            var (site, probe) = LoadGenerated(g);
            return new SiteCall(site.Symbol(GeneratedSite.Entry), [], [.. g.Recorded.Select(v => v & mask)], probe.Symbol(GeneratedSite.Probe), GeneratedSite.Probe, g.StackBytes);
        }
        var loaded = LoadSite(c.Site);
        // On a 32-bit ISA a long holds the seed's low half; every seed stays distinct there too.
        var args = Enumerable.Range(0, c.Args).Select(i => Seeds.Argument(i) & mask).ToArray();
        var (entry, siteArgs) = c.Site == SiteKind.C
            ? (loaded.Symbol($"__traceiter_tpsim_{c.Args}"), new ulong[] { 0 }.Concat(args).ToArray())
            : (loaded.Symbol("tp_asm_site"), [(ulong)c.Args, _layout.ArgumentVector]);
        return new SiteCall(entry, siteArgs, args, _probes.Symbol($"tp_probe_{c.Args}"), $"tp_probe_{c.Args}", null);
    }

    private CaseResult RunOnce(StubCase c, SiteCall site, ulong stub)
    {
        _engine.RestoreContext(_pristine);
        var abi = Isa.Abi;
        // On a 32-bit ISA a long holds the seed's low half; every seed stays distinct there too.
        var word = abi.PointerSize;
        var order = abi.ByteOrder;
        var mask = MemoryWords.Mask(word);
        var saved = abi.CalleeSaved.ToArray();
        for (var i = 0; i < saved.Length; i++)
        {
            // GuestRegisters also reaches registers Unicorn's register API ignores (s390x f8-f15).
            GuestRegisters.Write(_engine, Isa.Registers[saved[i]], (Isa.PlatformRegisterSeed(saved[i]) ?? Seeds.CalleeSaved(i)) & mask);
        }

        var calls = WriteArray(c, site, stub);
        var argv = new byte[word * StubMatrix.MaxArgs];
        for (var i = 0; i < StubMatrix.MaxArgs; i++)
        {
            MemoryWords.PutWord(argv.AsSpan(word * i), word, Seeds.Argument(i), order);
        }
        _engine.Write(_layout.ArgumentVector, argv);
        _log.Reset();
        _engine.Write(_layout.StackTop - 0x2000, Enumerable.Repeat(Seeds.StackFill, 0x2000).ToArray());

        // The harness calls the site through its function pointer, as a kernel caller would.
        var spAtEntry = CallPlacement.Place(_engine, Isa, _layout.StackTop - HarnessLayout.CallerArea, _layout.HaltPage, site.SiteArguments);
        _monitor.Arm(calls, site.Recorded, _log, _layout.StackTop, site.StackBytes);
        _targets.Clear();
        foreach (var call in calls)
        {
            _targets.Add(call.Target);
        }
        var run = _run.Run(site.Entry, spAtEntry + (ulong)abi.CallerStackPointerOffset, InstructionBudget, _monitor, _targets, Wording);
        return new CaseResult(run.Verdict, run.Violations, run.Trap, run.Fault, run.CallsCompleted, run.Notes)
        {
            // Layouts differ between executors, so the cross-check compares these names, not addresses.
            TrapPcSymbol = run.Trap is { } t ? CodePlaces.Name(t.Pc, Loaded(), Isa) : null,
            FaultAddressSymbol = run.Fault is { } f ? CodePlaces.Name(f.Address, Loaded(), Isa) : null,
        };
    }

    private List<ExpectedCall> WriteArray(StubCase c, SiteCall site, ulong stub)
    {
        var probe = site.Probe;
        var calls = new List<ExpectedCall>();
        // struct tracepoint_func { void *func; void *data; int prio; }: three words with padding on every ISA here.
        var word = Isa.Abi.PointerSize;
        var order = Isa.Abi.ByteOrder;
        var entry = 3 * word;
        var bytes = new byte[entry * (c.Shape.Entries.Count + 1)];
        for (var i = 0; i < c.Shape.Entries.Count; i++)
        {
            var isProbe = c.Shape.Entries[i] == ArrayEntry.Probe;
            // The array holds function pointers; the call lands where the pointer's code starts.
            var pointer = isProbe ? probe : stub;
            var call = new ExpectedCall(Isa.CodeAddress(_engine, pointer), isProbe ? site.ProbeName : "tp_stub_func", Seeds.Data(i) & MemoryWords.Mask(word), isProbe);
            calls.Add(call);
            MemoryWords.PutWord(bytes.AsSpan(entry * i), word, pointer, order);
            MemoryWords.PutWord(bytes.AsSpan(entry * i + word), word, call.Data, order);
            MemoryWords.PutInt32(bytes.AsSpan(entry * i + 2 * word), 10, order); // TRACEPOINT_DEFAULT_PRIO
        }
        _engine.Write(_layout.FuncsArray, bytes);
        // struct tracepoint { const char *name; long key; struct tracepoint_func *funcs; ... }
        _engine.WriteWord(_tracepoint + 2 * (ulong)word, word, _layout.FuncsArray, order);
        return calls;
    }

    private void MapHarness()
    {
        for (var i = 0; i < HarnessLayout.StubSlots; i++)
        {
            _engine.Map(_layout.StubSlot(i), Pages.Size, UcProt.Read);
        }
        _engine.Map(_layout.DataPage, Pages.Size, UcProt.Read | UcProt.Write);
        _engine.Map(_layout.StackBase, _layout.StackTop - _layout.StackBase, UcProt.Read | UcProt.Write);
    }

    /// <summary>Every object loaded so far (probes, sites, stubs), for naming addresses in reports and tests.</summary>
    public IEnumerable<LoadedObject> LoadedObjects => Loaded();

    /// <summary>Every object loaded so far, enumerated anew each time (an iterator, so a later load is seen).</summary>
    private IEnumerable<LoadedObject> Loaded()
    {
        if (_probes is not null)
        {
            yield return _probes;
        }
        foreach (var o in _stubs.Values.Select(s => s.Object).Concat(_sites.Values).Concat(_generated.Values.SelectMany(g => new[] { g.Site, g.Probe })))
        {
            yield return o;
        }
    }

    /// <summary>A generated site and its probe, each in a slot of its own; the site's blocks see its calls and returns.</summary>
    private (LoadedObject Site, LoadedObject Probe) LoadGenerated(GeneratedSite g)
    {
        if (_generated.TryGetValue(g, out var loaded))
        {
            return loaded;
        }
        var probe = LoadKernelObject(g.ProbeSource, SourceLanguage.C, GeneratedSite.ProbeFile, _layout.StubSlot(_slotsUsed++) + Pages.Size, "generated-probe.o");
        var site = LoadKernelObject(g.SiteSource, SourceLanguage.C, GeneratedSite.SiteFile, _layout.StubSlot(_slotsUsed++) + Pages.Size, "generated-site.o");
        HookSite(site);
        _generated[g] = (site, probe);
        return (site, probe);
    }

    /// <summary>A site's blocks see the calls it makes and the returns that land in it.</summary>
    private void HookSite(LoadedObject site)
    {
        foreach (var range in site.ExecutableRanges)
        {
            _run.AddSite(range);
        }
    }

    private LoadedObject LoadSite(SiteKind kind)
    {
        if (_sites.TryGetValue(kind, out var site))
        {
            return site;
        }
        var objectName = $"site-{StubMatrix.SiteName(kind)}.o";
        site = kind switch
        {
            SiteKind.C => LoadKernelObject(HarnessSources.Site, SourceLanguage.C, "site.c", _layout.SiteSlot(kind), objectName),
            SiteKind.Asm => LoadKernelObject(Isa.ReadSource("site.S"), SourceLanguage.Asm, $"{Isa.Name}/site.S", _layout.SiteSlot(kind), objectName),
            _ => LoadKernelObject(Isa.ReadSource("site.S"), SourceLanguage.Asm, $"{Isa.Name}/site.S", _layout.SiteSlot(kind), objectName, ["-DTP_SITE_NO_RESTORE"]),
        };
        HookSite(site);
        _sites[kind] = site;
        return site;
    }

    private static string StubKey(StubSource stub) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{stub.Language}\0{stub.FileName}\0{stub.Text}")));

    private ulong LoadStub(StubSource stub)
    {
        var key = StubKey(stub);
        if (_stubs.TryGetValue(key, out var loaded))
        {
            return loaded.Entry;
        }
        if (_slotsUsed == HarnessLayout.StubSlots)
        {
            throw new CaseInputException($"more than {HarnessLayout.StubSlots} distinct stubs in one runner");
        }
        var elf = Compiler.Compile(Build, Isa.Toolchain, stub.Language, stub.Text, stub.FileName);
        // Each stub gets its own symbol table: every stub defines tp_stub_func, and none may see another's.
        var loader = new ObjectLoader(_engine, new SymbolTable());
        // The page before each stub is mapped (see MapHarness), so a kCFI check that reads the word before an
        // untyped stub reads bytes, as in a kernel image, instead of faulting on a harness gap.
        LoadedObject obj;
        try
        {
            obj = loader.Load(elf, Path.GetFileName(stub.FileName), _layout.StubSlot(_slotsUsed) + Pages.Size, Isa.Relocator, HarnessLayout.SlotSize - Pages.Size);
        }
        catch (LoaderException ex) when (ex.Error == LoaderError.TooLarge)
        {
            throw new CaseInputException($"{stub.FileName}: the stub is too large for the harness's stub slot: {ex.Detail}");
        }
        if (StubProblem(obj) is { } problem)
        {
            // The slot is free again for the next stub.
            loader.Unload(obj);
            throw new CaseInputException($"{stub.FileName}: {problem}");
        }
        var entry = obj.Symbol("tp_stub_func");
        _slotsUsed++;
        _stubs[key] = (obj, entry);
        return entry;
    }

    /// <summary>Why <paramref name="obj"/> offers no callable global <c>tp_stub_func</c> (a data object, a static function), or null.</summary>
    private string? StubProblem(LoadedObject obj)
    {
        if (!obj.Symbols.TryGetValue("tp_stub_func", out var entry))
        {
            return "defines no function 'tp_stub_func'";
        }
        if (!obj.ExportedSymbols.Contains("tp_stub_func"))
        {
            return "'tp_stub_func' is not a global function (it is local to the file: drop 'static')";
        }
        // A function pointer's code (ppc64: behind its descriptor) must lie in executable text, not in data or .bss.
        return obj.IsExecutable(Isa.CodeAddress(_engine, entry)) ? null : "'tp_stub_func' is not a global function (it is data, not code)";
    }

    private LoadedObject LoadKernelObject(string text, SourceLanguage language, string fileName, ulong slot, string objectName, IReadOnlyList<string>? flags = null)
    {
        var elf = Compiler.Compile(Build, Isa.Toolchain, language, text, fileName, flags);
        // probes.o exports into the kernel table. Sites are separate modules that all define the same
        // entry points, so each links against a copy of that table and none sees another's symbols.
        var loader = _probes is null ? _loader : new ObjectLoader(_engine, _kernelSymbols.Copy());
        return loader.Load(elf, objectName, slot, Isa.Relocator);
    }

    public void Dispose()
    {
        _pristine?.Dispose();
        _monitor.Dispose();
        _engine.Dispose();
    }
}

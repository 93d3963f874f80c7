using Tpsim.Harness.Sources;
using System.Security.Cryptography;
using System.Text;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Toolchain;
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
    private int _slotsUsed;
    private readonly HashSet<ulong> _entryHooks = [];
    private readonly int _pcId;
    private readonly int _spId;

    private TrapInfo? _trap;
    private FaultInfo? _fault;
    private bool _reachedHalt;
    private ulong _lastPc;

    public CaseRunner(IsaBackend isa, Compiler compiler, BuildSpec? build = null)
    {
        Isa = isa;
        Compiler = compiler;
        Build = build ?? BuildSpec.Default;
        _layout = new HarnessLayout(isa);
        _pcId = isa.Registers[isa.Abi.ProgramCounter];
        _spId = isa.Registers[isa.Abi.StackPointer];
        _engine = isa.CreateEngine(Build);
        try
        {
            _monitor = new CallMonitor(isa) { CalleePopsArguments = Build.Config == BuildConfigs.Stdcall };
            _loader = new ObjectLoader(_engine, _kernelSymbols);
            MapHarness();
            for (var i = 0; i < isa.SupportSources.Count; i++)
            {
                // Loaded before probes.o, so into the kernel table that every later object links against.
                var source = isa.SupportSources[i];
                LoadKernelObject(isa.ReadSource(source), SourceLanguage.Asm, $"{isa.Name}/{source}", _layout.SupportSlot(i), Path.ChangeExtension(source, ".o"));
            }
            _probes = LoadKernelObject(HarnessSources.Probes, SourceLanguage.C, "probes.c", _layout.ProbesSlot, "probes.o");
            for (var n = 0; n <= StubMatrix.MaxArgs; n++)
            {
                // A function symbol is a function pointer; its code may start elsewhere (ppc64 ELFv1 descriptors).
                HookEntry(isa.CodeAddress(_engine, _probes.Symbol($"tp_probe_{n}")));
            }
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
        var stub = LoadStub(stubCase.Stub);
        var call = Prepare(stubCase);
        var result = RunOnce(stubCase, call, stub, precise: false);
        if (result.Verdict is Verdict.Trap or Verdict.Fault)
        {
            // Unicorn syncs PC only to the start of a block on an exception; replaying with a code hook on
            // every instruction pins the exact one. Emulation is deterministic, so the verdict is the same.
            result = RunOnce(stubCase, call, stub, precise: true);
        }
        return result;
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

    private CaseResult RunOnce(StubCase c, SiteCall site, ulong stub, bool precise)
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

        var spAtEntry = CallPlacement.Place(_engine, Isa, _layout.StackTop - HarnessLayout.CallerArea, _layout.HaltPage, site.SiteArguments);
        // The harness calls the site through its function pointer, as a kernel caller would.
        Isa.PrepareIndirectCall(_engine, site.Entry);
        var code = Isa.EntryPoint(_engine, site.Entry);

        _monitor.Arm(calls, site.Recorded, _log, _layout.StackTop, site.StackBytes);
        _trap = null;
        _fault = null;
        _reachedHalt = false;
        _lastPc = 0;

        var notes = new List<string>();
        UcError err;
        HookHandle? tracer = null;
        if (precise)
        {
            tracer = _engine.AddCodeHook(_layout.CodeRange.Begin, _layout.CodeRange.End, (_, a, _) => _lastPc = a);
            InvalidateCode(_layout.CodeRange.Begin, _layout.CodeRange.End);
        }
        try
        {
            err = _engine.Run(code, _layout.HaltPage, InstructionBudget);
        }
        finally
        {
            if (tracer is not null)
            {
                tracer.Dispose();
                InvalidateCode(_layout.CodeRange.Begin, _layout.CodeRange.End);
            }
        }

        NoteHaltReachedAtUntil(err);
        if (_monitor.Violations.Count > 0)
        {
            notes.Add(RunOn(spAtEntry + (ulong)abi.CallerStackPointerOffset));
            return Result(Verdict.Unbalanced, notes);
        }
        if (_trap is null && GuestEvents.IsTrapError(err))
        {
            var pc = precise ? _lastPc : _engine.ReadRegister(_pcId);
            _trap = DescribeTrap(pc);
        }
        if (_trap is not null)
        {
            return Result(Verdict.Trap, notes);
        }
        if (_fault is not null || GuestEvents.IsMemoryError(err))
        {
            var f = _fault ?? new FaultInfo(FaultAccesses.Of(err), 0, 0);
            _fault = f with { Pc = f.Access == FaultAccess.Fetch ? f.Address : (precise ? _lastPc : _engine.ReadRegister(_pcId)) };
            return Result(Verdict.Fault, notes);
        }
        if (err != UcError.Ok)
        {
            throw new UnicornException(err, "uc_emu_start", $"emulation stopped unexpectedly at pc 0x{_engine.ReadRegister(_pcId):x}");
        }
        if (!_reachedHalt)
        {
            notes.Add($"stopped after the budget of {InstructionBudget} instructions at pc 0x{_engine.ReadRegister(_pcId):x}");
            return Result(Verdict.Timeout, notes);
        }
        if (_monitor.CallsCompleted != calls.Count)
        {
            // A call the monitor never saw proves nothing; a site that skips entries is not balanced.
            var missing = new Violation(ViolationKind.MissingCall, "calls", (ulong)calls.Count, (ulong)_monitor.CallsCompleted, _monitor.CallsCompleted, calls[Math.Min(_monitor.CallsCompleted, calls.Count - 1)].Callee);
            notes.Add($"the site made {_monitor.CallsCompleted} of {calls.Count} calls");
            return new CaseResult(Verdict.Unbalanced, [missing], null, null, _monitor.CallsCompleted, notes);
        }
        return Result(Verdict.Balanced, notes);
    }

    /// <summary>Unicorn stops before executing the until address, so the halt hook does not see a normal return.</summary>
    private void NoteHaltReachedAtUntil(UcError err)
    {
        if (!_reachedHalt && err == UcError.Ok && _engine.ReadRegister(_pcId) == _layout.HaltPage)
        {
            _reachedHalt = true;
            _monitor.OnHalt(_engine, _layout.HaltPage);
        }
    }

    private CaseResult Result(Verdict verdict, List<string> notes) =>
        new(verdict, _monitor.Violations.ToList(), _trap, _fault, _monitor.CallsCompleted, notes)
        {
            TrapPcSymbol = _trap is { } t ? CodePlaces.Name(t.Pc, LoadedCode(), Isa) : null,
            FaultAddressSymbol = _fault is { } f ? CodePlaces.Name(f.Address, LoadedCode(), Isa) : null,
        };

    /// <summary>Every object loaded into this runner: probes, sites, stubs and generated code.</summary>
    private IEnumerable<LoadedObject> LoadedCode() =>
        _stubs.Values.Select(s => s.Object).Concat(_sites.Values).Concat(_generated.Values.SelectMany(g => new[] { g.Site, g.Probe })).Prepend(_probes);

    /// <summary>After the verdict, lets the broken site carry on unchecked to name the consequence a kernel would see.</summary>
    private string RunOn(ulong expectedSp)
    {
        _monitor.Enabled = false;
        _trap = null;
        _fault = null;
        _reachedHalt = false;
        var pc = _engine.ReadRegister(_pcId);
        UcError err;
        try
        {
            err = _engine.Run(pc, _layout.HaltPage, InstructionBudget);
        }
        catch (UnicornException ex)
        {
            return $"running on after the violation failed: {ex.Message}";
        }
        NoteHaltReachedAtUntil(err);
        var consequence = RunOnConsequence.Describe(_trap, _fault, _reachedHalt, Isa.Abi.StackPointer, _engine.ReadRegister(_spId), expectedSp, err);
        _trap = null;
        _fault = null;
        return $"running on from pc 0x{pc:x} after the violation, the site {consequence}";
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
        _engine.Map(_layout.HaltPage, Pages.Size, ExecutableMappings.Protection(_engine, UcProt.Read | UcProt.Exec));
        _engine.Write(_layout.HaltPage, Isa.HaltInstruction);
        _engine.Map(_layout.StackBase, HarnessLayout.StackSize, UcProt.Read | UcProt.Write);

        // A block hook, as in the kernel machine: the halt is only reached by a branch (see KernelMachine.MapFixedPages).
        _engine.AddBlockHook(_layout.HaltPage, _layout.HaltPage, (e, a, _) =>
        {
            _reachedHalt = true;
            _monitor.OnHalt(e, a);
            e.Stop();
        });
        _engine.AddInterruptHook((e, intno) =>
        {
            var pc = e.ReadRegister(_pcId);
            if (pc == _layout.HaltPage)
            {
                // Unicorn 2.0.1's s390x stops at an until address reached by a branch by raising a program
                // interrupt there, before the instruction; on every ISA an interrupt at the halt page is the halt.
                _reachedHalt = true;
                _monitor.OnHalt(e, pc);
                e.Stop();
                return;
            }
            if (Isa.FaultFromException(e, intno, pc) is { } fault)
            {
                _fault ??= fault;
            }
            else
            {
                _trap ??= DescribeTrap(Isa.TrapAddress(intno, pc));
            }
            e.Stop();
        });
        _engine.AddInvalidMemoryHook((e, type, address, _, _) =>
        {
            _fault ??= new FaultInfo(FaultAccesses.Of(type), address, 0);
            return false;
        });
    }

    private TrapInfo DescribeTrap(ulong pc) => GuestEvents.Trap(_engine, Isa, pc, GuestEvents.Symbolizer(LoadedCode()));

    /// <summary>A generated site and its probe, each in a slot of its own; the site's instructions get the return hook, the probe's entry the call hook.</summary>
    private (LoadedObject Site, LoadedObject Probe) LoadGenerated(GeneratedSite g)
    {
        if (_generated.TryGetValue(g, out var loaded))
        {
            return loaded;
        }
        var probe = LoadKernelObject(g.ProbeSource, SourceLanguage.C, GeneratedSite.ProbeFile, _layout.StubSlot(_slotsUsed++) + Pages.Size, "generated-probe.o");
        var site = LoadKernelObject(g.SiteSource, SourceLanguage.C, GeneratedSite.SiteFile, _layout.StubSlot(_slotsUsed++) + Pages.Size, "generated-site.o");
        HookSite(site);
        HookEntry(Isa.CodeAddress(_engine, probe.Symbol(GeneratedSite.Probe)));
        _generated[g] = (site, probe);
        return (site, probe);
    }

    private void HookSite(LoadedObject site)
    {
        foreach (var range in site.ExecutableRanges)
        {
            _engine.AddCodeHook(range.Start, range.End - 1, (e, a, _) => _monitor.OnSiteInstruction(e, a));
            InvalidateCode(range.Start, range.End);
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
        var obj = loader.Load(elf, Path.GetFileName(stub.FileName), _layout.StubSlot(_slotsUsed) + Pages.Size, Isa.Relocator);
        if (!obj.Symbols.TryGetValue("tp_stub_func", out var entry))
        {
            throw new CaseInputException($"{stub.FileName}: defines no function 'tp_stub_func'");
        }
        HookEntry(Isa.CodeAddress(_engine, entry));
        _slotsUsed++;
        _stubs[key] = (obj, entry);
        return entry;
    }

    private LoadedObject LoadKernelObject(string text, SourceLanguage language, string fileName, ulong slot, string objectName, IReadOnlyList<string>? flags = null)
    {
        var elf = Compiler.Compile(Build, Isa.Toolchain, language, text, fileName, flags);
        // probes.o exports into the kernel table. Sites are separate modules that all define the same
        // entry points, so each links against a copy of that table and none sees another's symbols.
        var loader = _probes is null ? _loader : new ObjectLoader(_engine, _kernelSymbols.Copy());
        return loader.Load(elf, objectName, slot, Isa.Relocator);
    }

    private void HookEntry(ulong address)
    {
        if (_entryHooks.Add(address))
        {
            _engine.AddCodeHook(address, address, (e, a, _) => _monitor.OnCalleeEntry(e, a));
            InvalidateCode(address, address + 1);
        }
    }

    /// <summary>
    /// Hooks take effect only in blocks translated after they are added, so drop the blocks that cover
    /// the range. A full TB flush would do too, but costs about 200 ms in Unicorn 2.0.1; this costs microseconds.
    /// </summary>
    private void InvalidateCode(ulong begin, ulong end) => _engine.RemoveCache(begin, end);

    public void Dispose()
    {
        _pristine?.Dispose();
        _monitor.Dispose();
        _engine.Dispose();
    }
}

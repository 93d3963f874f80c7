using System.Runtime.InteropServices;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;
using Tpsim.KernelSim.Kernel;
using Tpsim.KernelSim.Memory;
using Tpsim.KernelSim.Rcu;
using Tpsim.KernelSim.Strategies;
using Tpsim.KernelSim.Tracepoints;

namespace Tpsim.KernelSim.Machine;

/// <summary>
/// One simulated kernel on one ISA: an engine holding the kernel image (tracepoints, iterators, stubs),
/// the bridge page of kernel functions written in C#, a kmalloc heap, RCU, the tracepoint model with one
/// removal strategy, and the modules loaded into it. One block hook, dispatching by where a block starts (the
/// halt, a kernel function's slot, the iterator, a callee's entry), runs bridge calls and, during a fire, drives
/// the per-call ABI check (or one hook on every instruction, when counting). Not thread-safe.
/// </summary>
public sealed class KernelMachine : IDisposable
{
    /// <summary>Module init and exit may allocate and loop over lists; a looping one still stops in well under a second.</summary>
    public const ulong CallBudget = 2_000_000;

    private readonly List<HookHandle> _hooks = [];
    private readonly KernelLayout _layout;
    private readonly Engine _engine;
    private readonly SymbolTable _kernelSymbols = new();
    private readonly Dictionary<string, Tracepoint> _tracepoints = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong> _fireEntries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KernelModule> _modules = new(StringComparer.Ordinal);
    private readonly List<KernelModule> _everLoaded = [];
    private readonly Dictionary<ulong, long> _recordingProbeIds = [];
    private readonly KernelFunctions _functions;
    private readonly CallMonitor _monitor;
    private readonly RecordingLog _log;
    private readonly AddressRange[] _siteRanges;
    private readonly LoadedObject[] _kernelImages;
    private readonly HashSet<ulong> _placeholders = [];
    private readonly int _pcId;
    private readonly int _returnValueId;
    private readonly int[] _pcAndReturnValue;

    /// <summary>The return register as <see cref="NoteHaltAtUntil"/> read it at the end of the last run; null when it did not.</summary>
    private ulong? _returnValue;
    private ulong _nextModuleBase;

    // Per-run state written by the hooks.
    private bool _monitoring;
    private readonly HashSet<ulong> _entryTargets = [];
    private readonly Dictionary<ulong, ulong> _funcAt = [];
    private readonly List<ulong> _entered = [];
    private ulong _lastPc;
    private bool _lastPcInSite;
    private ulong _blockStart;
    private uint _blockSize;
    private long _instructions;
    private bool _reachedHalt;
    private TrapInfo? _trap;
    private FaultInfo? _fault;

    /// <param name="countInstructions">
    /// Counts every instruction (<see cref="RunOutcome.Instructions"/>) with a code hook on each one, as the strategies
    /// table needs. Without it the machine hooks blocks only, so a fire runs some twenty managed callbacks.
    /// </param>
    public KernelMachine(IsaBackend isa, Compiler compiler, RemovalStrategy strategy, IReadOnlyList<(string Name, int Args)> tracepoints, BuildSpec? build = null, bool countInstructions = false)
    {
        CountsInstructions = countInstructions;
        Isa = isa;
        Compiler = compiler;
        Build = build ?? BuildSpec.Default;
        _layout = new KernelLayout(isa);
        _pcId = isa.Registers[isa.Abi.ProgramCounter];
        _returnValueId = isa.Registers[isa.Abi.ReturnValue];
        _pcAndReturnValue = [_pcId, _returnValueId];
        _nextModuleBase = _layout.ModuleArea;
        _engine = isa.CreateEngine(Build);
        try
        {
            Dmesg = new Dmesg();
            Rcu = new RcuState(Dmesg);
            Heap = new KernelHeap(_engine, _layout.HeapBase, KernelLayout.HeapSize, Dmesg);
            _monitor = new CallMonitor(isa);
            MapFixedPages();
            _functions = new KernelFunctions(this, _engine, isa.BridgeFor(Build), _layout.BridgePage);
            _functions.DefineAll(_kernelSymbols);

            for (var i = 0; i < isa.SupportSources.Count; i++)
            {
                // Linked into every kernel object (ppc64: the -Os register save and restore routines).
                var source = isa.SupportSources[i];
                var support = Compiler.Compile(Build, isa.Toolchain, SourceLanguage.Asm, isa.ReadSource(source), $"{isa.Name}/{source}");
                new ObjectLoader(_engine, _kernelSymbols).Load(support, Path.ChangeExtension(source, ".o"), _layout.SupportImage(i), isa.Relocator);
            }
            var stubs = LoadKernelObject(CoreSource.Stubs(tracepoints), "vmlinux-stubs.c", _layout.StubsImage, "vmlinux-stubs.o");
            var core = LoadKernelObject(CoreSource.Core(tracepoints, strategy.Iterator), "vmlinux.c", _layout.CoreImage, "vmlinux.o");
            _siteRanges = [.. core.ExecutableRanges];
            SiteLeavesFloatRegistersAlone = SiteLeavesFloatAlone();
            if (SiteLeavesFloatRegistersAlone)
            {
                _monitor.SiteLeavesFloatAlone();
            }
            _kernelImages = [core, stubs];
            StubFunc = stubs.Symbol("tp_stub_func");
            _placeholders.Add(StubFunc);
            foreach (var (name, args) in tracepoints)
            {
                var tp = new Tracepoint(name, args, core.Symbol($"__tracepoint_{name}"), stubs.Symbol($"__probestub_{name}"), TracepointAbi.Of(isa.Abi));
                _tracepoints[name] = tp;
                _fireEntries[name] = core.Symbol($"trace_{name}");
                _placeholders.Add(tp.ProbeStub);
            }
            _log = new RecordingLog(_engine, core.Symbol("tp_log"), core.Symbol("tp_log_len"), TracepointAbi.Of(isa.Abi));
            Model = new TracepointModel(_engine, Heap, Rcu, Dmesg, strategy, StubFunc, TracepointAbi.Of(isa.Abi));
        }
        catch
        {
            _engine.Dispose();
            throw;
        }
    }

    public IsaBackend Isa { get; }

    /// <summary>
    /// Whether the kernel image's code never writes an FP register, so that the call monitor reads the callee-saved FP
    /// registers only at a fire's first entry and at every return; false on an ISA without callee-saved FP registers.
    /// </summary>
    public bool SiteLeavesFloatRegistersAlone { get; }

    /// <summary>Whether every instruction is counted (and passes a managed hook); see the constructor.</summary>
    public bool CountsInstructions { get; }

    public Compiler Compiler { get; }

    /// <summary>The compiler and config of the kernel image and of every module loaded into it.</summary>
    public BuildSpec Build { get; }

    /// <summary>The guest address space, for tools and tests that inspect or corrupt kernel state on purpose.</summary>
    public IEmulatedMemory Memory => _engine;

    public Dmesg Dmesg { get; }

    public RcuState Rcu { get; }

    public KernelHeap Heap { get; }

    public TracepointModel Model { get; }

    public RemovalStrategy Strategy => Model.Strategy;

    /// <summary>Guest address of <c>tp_stub_func</c>.</summary>
    public ulong StubFunc { get; }

    /// <summary>The module whose code is running now (init, exit or a probe), for allocation paths and messages.</summary>
    internal string Context { get; private set; } = "kernel";

    public Tracepoint Tracepoint(string name) => _tracepoints.TryGetValue(name, out var tp)
        ? tp
        : throw new KeyNotFoundException($"no tracepoint '{name}'");

    internal Tracepoint? TracepointAt(ulong address) => _tracepoints.Values.FirstOrDefault(t => t.Address == address);

    public IReadOnlyCollection<Tracepoint> Tracepoints => _tracepoints.Values;

    public bool TryGetModule(string name, out KernelModule module) => _modules.TryGetValue(name, out module!);

    /// <summary>The most recent module of that name, loaded or not: a dangling probe still has an address.</summary>
    public bool TryGetModuleEverLoaded(string name, out KernelModule module)
    {
        module = _everLoaded.LastOrDefault(m => m.Name == name)!;
        return module is not null;
    }

    /// <summary>Marks <paramref name="address"/> as a recording probe whose log entry is checked at its return.</summary>
    public void MarkRecordingProbe(ulong address, long id)
    {
        _recordingProbeIds[address] = id;
        _planVersion++;
    }

    /// <summary>
    /// Compiles <paramref name="source"/> against the module header (cached), loads it at a fresh address
    /// and runs <c>init_module</c> if it has one. A failing init unloads the module again, as the kernel does.
    /// </summary>
    public (KernelModule Module, RunOutcome? Init) LoadModule(string name, string source, string fileName)
    {
        if (_modules.ContainsKey(name))
        {
            throw new InvalidOperationException($"module '{name}' is already loaded");
        }
        var elf = Compiler.Compile(Build, Isa.Toolchain, SourceLanguage.C, KernelSources.ModuleHeader(fileName, source), fileName);
        // Each module links against the kernel's exports only; modules do not see each other's symbols.
        var loader = new ObjectLoader(_engine, _kernelSymbols.Copy());
        var image = loader.Load(elf, $"{name}.ko", _nextModuleBase, Isa.Relocator);
        _nextModuleBase = Pages.AlignUp(image.Base + image.Size) + 0x1_0000;
        if (_nextModuleBase >= _layout.ModuleAreaEnd)
        {
            throw new KernelBugException("oom", "the module area is exhausted");
        }
        var module = new KernelModule(name, image, loader);
        _modules[name] = module;
        _everLoaded.Add(module);
        _names.Clear();
        _planVersion++;
        if (!module.TryGetSymbol("init_module", out var init))
        {
            return (module, null);
        }
        var outcome = Call(init, [], name);
        if (outcome.Verdict != Verdict.Balanced || outcome.IntResult != 0)
        {
            Dmesg.Add("init-failed", $"{name}: init_module failed ({Describe(outcome)}); module freed");
            Unmap(module);
        }
        return (module, outcome);
    }

    /// <summary>Runs <c>cleanup_module</c> if there is one, then unmaps the module's text and data.</summary>
    public RunOutcome? UnloadModule(string name)
    {
        if (!_modules.TryGetValue(name, out var module))
        {
            throw new InvalidOperationException($"module '{name}' is not loaded");
        }
        RunOutcome? exit = null;
        if (module.TryGetSymbol("cleanup_module", out var cleanup))
        {
            exit = Call(cleanup, [], name);
        }
        Unmap(module);
        return exit;
    }

    private void Unmap(KernelModule module)
    {
        foreach (var range in module.Image.ExecutableRanges)
        {
            _engine.RemoveCache(range.Start, range.End);
        }
        module.Loader.Unload(module.Image);
        _modules.Remove(module.Name);
        _planVersion++;
    }

    /// <summary>Runs <c>trace_&lt;name&gt;(args)</c>: the static key test, the iterator and every entry it calls, each call checked.</summary>
    public FireOutcome Fire(string tracepoint, IReadOnlyList<ulong> args)
    {
        var tp = Tracepoint(tracepoint);
        var expected = PlanFire(tp);
        // A long is a word: on a 32-bit ISA the probes see the low half of each argument.
        var mask = MemoryWords.Mask(Isa.Abi.PointerSize);
        for (var i = 0; i < args.Count; i++)
        {
            if ((args[i] & mask) != args[i])
            {
                args = [.. args.Select(a => a & mask)];
                break;
            }
        }
        _log.Reset();
        _entered.Clear();
        _monitor.Arm(expected, args, _log, _layout.StackTop);
        _monitor.PrepareRun(_engine);
        _monitoring = true;
        RunOutcome run;
        try
        {
            run = Call(_fireEntries[tp.Name], args, "probe");
        }
        finally
        {
            _monitoring = false;
        }
        if (run.Verdict == Verdict.Balanced && _monitor.CallsCompleted != expected.Count)
        {
            // The iterator returned without calling every entry it should have: those calls went unchecked.
            var next = expected[Math.Min(_monitor.CallsCompleted, expected.Count - 1)];
            run = run with
            {
                Verdict = Verdict.Unbalanced,
                Violations = [new Violation(ViolationKind.MissingCall, "calls", (ulong)expected.Count, (ulong)_monitor.CallsCompleted, _monitor.CallsCompleted, next.Callee)],
                Notes = [.. run.Notes, $"the iterator made {_monitor.CallsCompleted} of {expected.Count} calls"],
            };
        }
        var calls = new string[_entered.Count];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = NameOf(_funcAt.GetValueOrDefault(_entered[i], _entered[i]));
        }
        return new FireOutcome(run, calls);
    }

    /// <summary>
    /// The calls a fire of <paramref name="tp"/> must make, in order: the array's entries when the static key is on, as
    /// the strategy's iterator walks them. Built again only when the array, the key or the machine's modules (and so the
    /// entries' names and code addresses) changed since the last fire; <see cref="_funcAt"/> and
    /// <see cref="_entryTargets"/> go with it.
    /// </summary>
    private List<ExpectedCall> PlanFire(Tracepoint tp)
    {
        var enabled = Model.Enabled(tp);
        if (enabled)
        {
            Model.ReadArray(tp, _arrayNow);
        }
        else
        {
            _arrayNow.Clear();
        }
        if (_plan is { } plan && plan.Tracepoint == tp && plan.Version == _planVersion && plan.Entries.AsSpan().SequenceEqual(CollectionsMarshal.AsSpan(_arrayNow)))
        {
            return plan.Expected;
        }
        var expected = new List<ExpectedCall>();
        _funcAt.Clear();
        _entryTargets.Clear();
        foreach (var entry in _arrayNow)
        {
            if (Strategy.Iterator != IteratorVariant.Kernel && entry.Func == TracepointLayout.SkipMarker)
            {
                continue;
            }
            // The monitor sees the instruction a func value stands for (arm Thumb bit, ppc64 descriptors).
            var code = Isa.CodeAddress(_engine, entry.Func);
            expected.Add(new ExpectedCall(code, NameOf(entry.Func), entry.Data, _recordingProbeIds.ContainsKey(entry.Func)));
            _funcAt[code] = entry.Func;
            _entryTargets.Add(code);
        }
        _plan = new FirePlan(tp, _planVersion, [.. _arrayNow], expected);
        return expected;
    }

    /// <summary>What <see cref="PlanFire"/> last built, and from what.</summary>
    private sealed record FirePlan(Tracepoint Tracepoint, int Version, FuncEntry[] Entries, List<ExpectedCall> Expected);

    private FirePlan? _plan;
    private readonly List<FuncEntry> _arrayNow = [];

    /// <summary>
    /// Changes whenever a module is loaded or unloaded or a probe is marked: then a func value may name another
    /// function, or (ppc64) its descriptor may be gone.
    /// </summary>
    private int _planVersion;

    /// <summary>Names an array entry's func the way <c>expect array</c> spells it.</summary>
    public string NameOf(ulong func)
    {
        if (_placeholders.Contains(func))
        {
            return "stub";
        }
        if (func == TracepointLayout.SkipMarker)
        {
            return Strategy.Iterator == IteratorVariant.Skip ? "skip" : "sentinel";
        }
        // Names are asked for every entry of every fire; a module's symbols never change once it is loaded, and
        // loading one clears the cache (an address may then name a new module's function).
        if (_names.TryGetValue(func, out var known))
        {
            return known;
        }
        var name = $"0x{func:x}";
        foreach (var module in _everLoaded)
        {
            if (module.SymbolAt(func) is { } symbol)
            {
                name = $"{module.Name}.{symbol}";
                break;
            }
        }
        _names[func] = name;
        return name;
    }

    private readonly Dictionary<ulong, string> _names = [];

    /// <summary>The current funcs array of <paramref name="tracepoint"/>, named entry by entry.</summary>
    public IReadOnlyList<string> ArrayNames(string tracepoint) => [.. Model.ReadArray(Tracepoint(tracepoint)).Select(e => NameOf(e.Func))];

    /// <summary>Calls guest code at <paramref name="entry"/> with integer arguments, from a fresh stack, and reports how it ended.</summary>
    public RunOutcome Call(ulong entry, IReadOnlyList<ulong> args, string context)
    {
        _trap = null;
        _fault = null;
        _reachedHalt = false;
        _instructions = 0;
        _lastPc = 0;
        _lastPcInSite = false;
        _blockStart = 0;
        _blockSize = 0;
        _returnValue = null;
        Context = context;
        var spAtEntry = CallPlacement.Place(_engine, Isa, _layout.StackTop - 0x100, _layout.HaltPage, args);
        // entry is a function symbol, so a function pointer: on ppc64 ELFv1 a descriptor that also gives r2.
        Isa.PrepareIndirectCall(_engine, entry);
        var notes = new List<string>();
        UcError err;
        try
        {
            err = _engine.Run(Isa.EntryPoint(_engine, entry), _layout.HaltPage, CallBudget);
        }
        catch (KernelBugException bug)
        {
            var ra = ReturnAddress();
            // A tail call leaves the return address of the code tpsim called, which is tpsim's own halt page.
            var from = ra == _layout.HaltPage ? $"a tail call in {context}" : Symbolize(ra);
            Dmesg.Add("oops", $"{bug.Kind}: {bug.Message} (called from {from})");
            RecoverAfterOops(notes);
            return Outcome(Verdict.Trap, new TrapInfo(TrapKind.KernelBug, _lastPc, bug.Message), null, notes);
        }
        finally
        {
            Context = "kernel";
        }
        NoteHaltAtUntil(err);

        if (_monitoring && _monitor.Violations.Count > 0)
        {
            notes.Add(RunOn(spAtEntry + (ulong)Isa.Abi.IncomingArgumentOffset));
            RecoverAfterOops(notes);
            return Outcome(Verdict.Unbalanced, null, null, notes);
        }
        if (_trap is null && GuestEvents.IsTrapError(err))
        {
            _trap = GuestEvents.Trap(_engine, Isa, FaultingPc(_engine.ReadRegister(_pcId)));
        }
        if (_trap is { } trap)
        {
            RecoverAfterOops(notes);
            return Outcome(Verdict.Trap, trap, null, notes);
        }
        if (_fault is not null || GuestEvents.IsMemoryError(err))
        {
            var fault = _fault ?? new FaultInfo(FaultAccesses.Of(err), 0, _lastPc);
            notes.Add(DescribeFault(fault));
            RecoverAfterOops(notes);
            return Outcome(Verdict.Fault, null, fault, notes);
        }
        if (err != UcError.Ok)
        {
            throw new UnicornException(err, "uc_emu_start", $"emulation stopped unexpectedly at pc 0x{_engine.ReadRegister(_pcId):x}");
        }
        if (!_reachedHalt)
        {
            notes.Add($"stopped after the budget of {CallBudget} instructions at pc 0x{_engine.ReadRegister(_pcId):x}");
            RecoverAfterOops(notes);
            return Outcome(Verdict.Timeout, null, null, notes);
        }
        return Outcome(Verdict.Balanced, null, null, notes);
    }

    private RunOutcome Outcome(Verdict verdict, TrapInfo? trap, FaultInfo? fault, List<string> notes) =>
        new(verdict, _returnValue ?? _engine.ReadRegister(_returnValueId), trap, fault, CountsInstructions ? _instructions : null,
            _monitoring ? [.. _monitor.Violations] : [], notes);

    /// <summary><c>symbol+0xoff</c> for a code address in the kernel image or any module ever loaded, else the bare address.</summary>
    public string Symbolize(ulong address)
    {
        foreach (var image in _kernelImages)
        {
            if (Symbolizer.FunctionAt(image, address) is { } at)
            {
                return Symbolizer.Format(at);
            }
        }
        foreach (var module in _everLoaded)
        {
            if (module.FunctionAt(address) is { } at)
            {
                return $"{module.Name}:{Symbolizer.Format(at)}";
            }
        }
        return $"0x{address:x}";
    }

    /// <summary>The function a bridged call returns into, without offset: the call path of a module's kmalloc.</summary>
    internal string? CallerFunction()
    {
        var ra = Isa.InstructionAddress(ReturnAddress());
        var module = _everLoaded.FirstOrDefault(m => m.FunctionAt(ra) is not null);
        if (module?.FunctionAt(ra) is not { } at)
        {
            return null;
        }
        // A module's init and exit are named as module_init/module_exit alias them, whichever local name the
        // compiler also emits (GCC keeps the author's, clang drops it), so a call path reads the same for both.
        var start = ra - at.Offset;
        foreach (var alias in new[] { "init_module", "cleanup_module" })
        {
            if (module.TryGetSymbol(alias, out var address) && Isa.CodeAddress(_engine, address) == Isa.InstructionAddress(start))
            {
                return alias;
            }
        }
        return at.Symbol;
    }

    /// <summary>Where the current bridged call will return: valid on entry to a bridge slot.</summary>
    private ulong ReturnAddress()
    {
        var abi = Isa.Abi;
        return abi.ReturnAddress == ReturnAddressLocation.Stack
            ? _engine.ReadWord(_engine.ReadRegister(Isa.Registers[abi.StackPointer]), abi.PointerSize, abi.ByteOrder)
            : _engine.ReadRegister(Isa.Registers[abi.LinkRegister!]);
    }

    private string DescribeFault(FaultInfo fault)
    {
        var owner = _everLoaded.FirstOrDefault(m => m.Image.Range.Contains(fault.Address));
        var where = owner is null ? "" : owner.IsLoaded ? $" in module {owner.Name}" : $" in module {owner.Name}, which is unloaded";
        // A fetch of a function's code, or (ppc64 ELFv1) a read of one of the three words of its descriptor: either
        // is the call of that func value.
        var what = "";
        for (var word = 0; word < (fault.Access == FaultAccess.Fetch ? 1 : fault.Access == FaultAccess.Read ? 3 : 0); word++)
        {
            if (NameOf(fault.Address - (ulong)(word * Isa.Abi.PointerSize)) is var name && !name.StartsWith("0x", StringComparison.Ordinal))
            {
                what = $" ({name})";
                break;
            }
        }
        // A fetch fault stops at the callee's first instruction, where the return address still names the call site;
        // the last hooked pc would be only the start of the caller's block when the iterator is hooked per block.
        var from = fault.Access == FaultAccess.Fetch ? $"returning to {Symbolize(Isa.InstructionAddress(ReturnAddress()))}" : $"at pc 0x{fault.Pc:x} ({Symbolize(fault.Pc)})";
        return $"{fault.Access.ToName()} of 0x{fault.Address:x}{what}{where}, {from}";
    }

    /// <summary>
    /// A CPU that oopsed inside a read-side section never leaves it; the simulation drops that CPU's
    /// RCU and preemption state so that later steps start clean, and says so.
    /// </summary>
    private void RecoverAfterOops(List<string> notes)
    {
        if (Rcu.InAtomic)
        {
            Rcu.ResetCpu();
            notes.Add("the run ended with preemption off (inside the tracepoint's RCU-sched read side); that CPU's RCU and preempt state was reset");
        }
    }

    /// <summary>After a violation, lets the fire carry on unchecked to name the consequence a kernel would see.</summary>
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
            err = _engine.Run(pc, _layout.HaltPage, CallBudget);
        }
        catch (Exception ex) when (ex is UnicornException or KernelBugException)
        {
            return $"running on after the violation failed: {ex.Message}";
        }
        NoteHaltAtUntil(err);
        var sp = _engine.ReadRegister(Isa.Registers[Isa.Abi.StackPointer]);
        var consequence = RunOnConsequence.Describe(_trap, _fault, _reachedHalt, Isa.Abi.StackPointer, sp, expectedSp, err);
        _trap = null;
        _fault = null;
        return $"running on from pc 0x{pc:x} after the violation, the fire {consequence}";
    }

    private void NoteHaltAtUntil(UcError err)
    {
        _returnValue = null;
        if (_reachedHalt || err != UcError.Ok)
        {
            return;
        }
        // Unicorn stops before executing the until address, so the hook may not have seen the return. The return value
        // comes in the same read: a run that ends here is usually reported next.
        Span<ulong> values = stackalloc ulong[2];
        _engine.ReadRegisters(_pcAndReturnValue, values);
        _returnValue = values[1];
        if (values[0] == _layout.HaltPage)
        {
            _reachedHalt = true;
            if (_monitoring)
            {
                _monitor.OnHalt(_engine, _layout.HaltPage);
            }
        }
    }

    private void MapFixedPages()
    {
        _engine.Map(_layout.BridgePage, Pages.Size, ExecutableMappings.Protection(_engine, UcProt.Read | UcProt.Exec));
        _engine.Map(_layout.HaltPage, Pages.Size, ExecutableMappings.Protection(_engine, UcProt.Read | UcProt.Exec));
        _engine.Write(_layout.HaltPage, Isa.HaltInstruction);
        _engine.Map(_layout.StackBase, KernelLayout.StackSize, UcProt.Read | UcProt.Write);
        if (CountsInstructions)
        {
            _hooks.Add(_engine.AddCodeHook(1, 0, OnInstruction));
            _hooks.Add(_engine.AddBlockHook(1, 0, (_, pc, size) => (_blockStart, _blockSize) = (pc, size)));
        }
        else
        {
            // One block hook, no code hook: Unicorn walks every code hook's range at each instruction once any code hook
            // covers it (the instruction budget's counter covers all), while block hooks are walked once per block. The
            // halt, a bridge slot and a callee's entry are only ever reached by a branch, so each starts a block; so does
            // every return into the iterator (see ReturnedIntoTrap for one that lands inside an instruction). The start
            // and size of the last block also place a trap exactly (FaultingPc).
            _hooks.Add(_engine.AddBlockHook(1, 0, OnBlock));
        }
        _hooks.Add(_engine.AddInterruptHook((e, intno) =>
        {
            var pc = e.ReadRegister(_pcId);
            if (pc == _layout.HaltPage)
            {
                // s390x raises a program interrupt at an until address reached by a branch; here it is the halt.
                _reachedHalt = true;
                if (_monitoring)
                {
                    _monitor.OnHalt(e, pc);
                }
                e.Stop();
                return;
            }
            if (ReturnedIntoTrap(e, Isa.TrapAddress(intno, pc)))
            {
                return;
            }
            if (Isa.FaultFromException(e, intno, pc) is { } fault)
            {
                _fault ??= fault;
            }
            else
            {
                _trap ??= GuestEvents.Trap(e, Isa, FaultingPc(Isa.TrapAddress(intno, pc)));
            }
            e.Stop();
        }));
        _hooks.Add(_engine.AddInvalidMemoryHook((e, type, address, _, _) =>
        {
            var access = FaultAccesses.Of(type);
            if (access != FaultAccess.Fetch && ReturnedIntoTrap(e, e.ReadRegister(_pcId)))
            {
                return false;
            }
            // Unicorn restores the exact pc for a memory fault; the last hooked pc is exact only when counting.
            _fault ??= new FaultInfo(access, address, access == FaultAccess.Fetch ? address : CountsInstructions ? _lastPc : _engine.ReadRegister(_pcId));
            return false;
        }));
    }

    /// <summary>
    /// The instruction that raised an exception: the last hooked instruction when counting, or what the engine reports
    /// (<paramref name="enginePc"/>) inside the last block, when that is a trap. Unicorn 2.0.1 often leaves the engine's
    /// pc at the last instruction it synchronised instead, and runs no code hook for an illegal instruction that starts
    /// a block (riscv64), so otherwise it is the trap that ends the last block, which is where a trapping instruction
    /// always stands.
    /// </summary>
    private ulong FaultingPc(ulong enginePc)
    {
        if (CountsInstructions && IsTrapAt(_lastPc))
        {
            return _lastPc;
        }
        if (enginePc - _blockStart < _blockSize && IsTrapAt(enginePc))
        {
            return enginePc;
        }
        return Isa.TrapEndingBlock(_engine, _blockStart, _blockSize) ?? (CountsInstructions ? _lastPc : enginePc);
    }

    private bool IsTrapAt(ulong pc)
    {
        Span<byte> bytes = stackalloc byte[4];
        return _engine.TryRead(pc, bytes) && Isa.IsTrapInstruction(bytes);
    }

    /// <summary>Without counting, the one hook: every block, dispatched by where it starts.</summary>
    private void OnBlock(Engine engine, ulong pc, uint size)
    {
        _blockStart = pc;
        _blockSize = size;
        if (InSite(pc))
        {
            OnSiteHook(engine, pc);
        }
        else if (pc == _layout.HaltPage)
        {
            OnHalt(engine, pc);
        }
        else if (pc - _layout.BridgePage < Pages.Size)
        {
            _lastPc = pc;
            _lastPcInSite = false;
            _functions.TryDispatch(pc);
        }
        else
        {
            OnCalleeBlock(engine, pc);
        }
    }

    private void OnHalt(Engine engine, ulong pc)
    {
        _reachedHalt = true;
        if (_monitoring)
        {
            _monitor.OnHalt(engine, pc);
        }
        engine.Stop();
    }

    /// <summary>
    /// The iterator's block hook sees a callee's return at the block it lands on, before that block runs. A return
    /// that lands inside an instruction (s390x wrong-return) raises at once, before any block hook: then this exception
    /// is that return, checked here as the hook would have, and the run stops with the monitor's violation.
    /// </summary>
    private bool ReturnedIntoTrap(Engine engine, ulong pc)
    {
        if (CountsInstructions || !_monitoring || !_monitor.CallPending || !InSite(pc))
        {
            return false;
        }
        _lastPc = pc;
        _lastPcInSite = true;
        _monitor.OnSiteInstruction(engine, pc);
        engine.Stop();
        return true;
    }

    /// <summary>Without counting: every block of the iterator (kernel image text), where calls start and returns land.</summary>
    private void OnSiteHook(Engine engine, ulong pc)
    {
        _lastPc = pc;
        _lastPcInSite = true;
        if (_monitoring)
        {
            _monitor.OnSiteInstruction(engine, pc);
        }
    }

    /// <summary>Without counting: a block outside the kernel image, which is a call's entry only when the iterator's last block made it.</summary>
    private void OnCalleeBlock(Engine engine, ulong pc)
    {
        var fromSite = _lastPcInSite;
        _lastPc = pc;
        _lastPcInSite = false;
        if (_monitoring && fromSite && _entryTargets.Contains(pc))
        {
            _entered.Add(pc);
            _monitor.OnCalleeEntry(engine, pc);
        }
    }

    /// <summary>With counting, the one code hook: counts, halts, bridges, and during a fire feeds the call monitor.</summary>
    private void OnInstruction(Engine engine, ulong pc, uint size)
    {
        _instructions++;
        var wasInSite = _lastPcInSite;
        _lastPc = pc;
        _lastPcInSite = InSite(pc);
        if (pc == _layout.HaltPage)
        {
            OnHalt(engine, pc);
            return;
        }
        if (_functions.TryDispatch(pc))
        {
            return;
        }
        if (!_monitoring)
        {
            return;
        }
        if (wasInSite && _entryTargets.Contains(pc))
        {
            _entered.Add(pc);
            _monitor.OnCalleeEntry(engine, pc);
        }
        else if (_lastPcInSite)
        {
            _monitor.OnSiteInstruction(engine, pc);
        }
    }

    /// <summary>
    /// Whether the kernel image's code never writes an FP register: it is built with the kernel's -msoft-float (or
    /// arm64's -mgeneral-regs-only), or the ISA reads its text and finds no instruction that could (riscv64, whose
    /// kernel flags here keep F and D). Then the monitor reads the callee-saved FP registers less often
    /// (<see cref="CallMonitor.SiteLeavesFloatAlone"/>).
    /// </summary>
    private bool SiteLeavesFloatAlone()
    {
        if (Isa.Abi.CalleeSavedFloat.Count == 0)
        {
            return false;
        }
        if (Isa.Toolchain.FlagsFor(Build, out _) is { } flags && flags.Any(f => f is "-msoft-float" or "-mgeneral-regs-only" or "-mfloat-abi=soft"))
        {
            return true;
        }
        foreach (var range in _siteRanges)
        {
            var text = new byte[range.End - range.Start];
            _engine.Read(range.Start, text);
            if (Isa.MayWriteFloatRegisters(text))
            {
                return false;
            }
        }
        return true;
    }

    private bool InSite(ulong pc)
    {
        foreach (var r in _siteRanges)
        {
            if (r.Contains(pc))
            {
                return true;
            }
        }
        return false;
    }

    private LoadedObject LoadKernelObject(string source, string fileName, ulong address, string objectName)
    {
        var elf = Compiler.Compile(Build, Isa.Toolchain, SourceLanguage.C, source, fileName);
        return new ObjectLoader(_engine, _kernelSymbols).Load(elf, objectName, address, Isa.Relocator);
    }

    private static string Describe(RunOutcome o) => o.Verdict == Verdict.Balanced ? $"returned {Errno.Name(o.IntResult)}" : o.Verdict.ToName();

    /// <summary>Probe calls recorded in the kernel's log since the last fire began (the benchmark checks its C loop with it).</summary>
    public long RecordedCalls => _log.Count;

    /// <summary>
    /// For the benchmark's yardstick: <c>trace_&lt;name&gt;(args)</c> as a bare run (entry, halt address and a context
    /// with the arguments placed), after removing this machine's hooks, so that no managed code runs inside it
    /// (the kernel functions' slots are plain returns then). The machine checks nothing afterwards; dispose it.
    /// </summary>
    public RawFire DetachForRawFire(string tracepoint, IReadOnlyList<ulong> args)
    {
        var entry = _fireEntries[Tracepoint(tracepoint).Name];
        var mask = MemoryWords.Mask(Isa.Abi.PointerSize);
        CallPlacement.Place(_engine, Isa, _layout.StackTop - 0x100, _layout.HaltPage, [.. args.Select(a => a & mask)]);
        Isa.PrepareIndirectCall(_engine, entry);
        var begin = Isa.EntryPoint(_engine, entry);
        foreach (var hook in _hooks)
        {
            hook.Dispose();
        }
        _hooks.Clear();
        _engine.RemoveCache(0, ulong.MaxValue);
        return new RawFire(_engine, begin, _layout.HaltPage, _engine.SaveContext(), _log.LengthAddress, _log.Word);
    }

    public void Dispose()
    {
        _monitor.Dispose();
        _engine.Dispose();
    }
}

using System.Runtime.InteropServices;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Tracing;
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
/// removal strategy, and the modules loaded into it. Runs go through one <see cref="CheckedRun"/>, whose block hook
/// dispatches the bridge's calls and, during a fire, drives the per-call ABI check. Split by concern: the image
/// (KernelMachine.Image.cs), modules (.Modules.cs), names (.Symbols.cs) and firing (here). Not thread-safe.
/// </summary>
public sealed partial class KernelMachine : IDisposable
{
    /// <summary>Module init and exit may allocate and loop over lists; a looping one still stops in well under a second.</summary>
    public const ulong CallBudget = 2_000_000;

    /// <summary>How the checked run names what it ran, in notes.</summary>
    private static readonly RunWording Wording = new("iterator", "fire", ex => ex is UnicornException or KernelBugException);

    private readonly KernelLayout _layout;
    private readonly Engine _engine;
    private readonly CheckedRun _run;
    private readonly SymbolTable _kernelSymbols = new();
    private readonly Dictionary<string, Tracepoint> _tracepoints = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong> _fireEntries = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, long> _recordingProbeIds = [];
    private readonly KernelFunctions _functions;
    private readonly CallMonitor _monitor;
    private readonly RecordingLog _log;
    private readonly LoadedObject[] _kernelImages;
    private readonly HashSet<ulong> _placeholders = [];
    private readonly HashSet<ulong> _entryTargets = [];
    private readonly Dictionary<ulong, ulong> _funcAt = [];

    /// <param name="countInstructions">
    /// Counts every instruction (<see cref="RunOutcome.Instructions"/>) with a code hook on each one, as the strategies
    /// table needs. Without it the machine hooks blocks only, so a fire runs some twenty managed callbacks.
    /// </param>
    public KernelMachine(IsaBackend isa, Compiler compiler, RemovalStrategy strategy, IReadOnlyList<(string Name, int Args)> tracepoints, BuildSpec? build = null, bool countInstructions = false)
    {
        Isa = isa;
        Compiler = compiler;
        Build = build ?? BuildSpec.Default;
        _layout = new KernelLayout(isa);
        _nextModuleBase = _layout.ModuleArea;
        _engine = isa.CreateEngine(Build);
        try
        {
            Dmesg = new Dmesg();
            Rcu = new RcuState(Dmesg);
            Heap = new KernelHeap(_engine, _layout.HeapBase, KernelLayout.HeapSize, Dmesg);
            _monitor = new CallMonitor(isa);
            _engine.Map(_layout.BridgePage, Pages.Size, ExecutableMappings.Protection(_engine, UcProt.Read | UcProt.Exec));
            _engine.Map(_layout.StackBase, _layout.StackTop - _layout.StackBase, UcProt.Read | UcProt.Write);
            _run = new CheckedRun(_engine, isa, _layout.HaltPage, countInstructions)
            {
                Stack = new StackGuard(_layout.StackGuardStart, _layout.StackBase, _layout.StackTop),
            };
            _functions = new KernelFunctions(this, _engine, isa.BridgeFor(Build), _layout.BridgePage);
            _run.Dispatch = _functions.TryDispatch;
            _run.DispatchRange = new AddressRange(_layout.BridgePage, _layout.BridgePage + Pages.Size);
            _functions.DefineAll(_kernelSymbols);

            var (core, stubs) = LoadImage(tracepoints, strategy.Iterator);
            foreach (var range in core.ExecutableRanges)
            {
                _run.AddSite(range);
            }
            SiteLeavesFloatRegistersAlone = SiteLeavesFloatAlone(core);
            if (SiteLeavesFloatRegistersAlone)
            {
                _monitor.SiteLeavesFloatAlone();
            }
            _kernelImages = [core, stubs];
            StubFunc = stubs.Symbol("tp_stub_func");
            _placeholders.Add(StubFunc);
            foreach (var (name, args) in tracepoints)
            {
                var tp = new Tracepoint(name, args, core.Symbol($"__tracepoint_{name}"), stubs.Symbol($"__tracestub_{name}"), TracepointAbi.Of(isa.Abi));
                _tracepoints[name] = tp;
                _fireEntries[name] = core.Symbol($"trace_{name}");
                _placeholders.Add(tp.Stub);
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
    public bool CountsInstructions => _run.CountsInstructions;

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

    /// <summary>Records the machine's runs instruction by instruction until <see cref="EndTrace"/> (<c>scenario --explain</c>).</summary>
    public CallTracer BeginTrace()
    {
        var tracer = new CallTracer(_engine, Isa, Locate);
        _run.Tracer = tracer;
        return tracer;
    }

    /// <summary>Runs untraced again; the tracer stays the caller's to finish and dispose.</summary>
    public void EndTrace() => _run.Tracer = null;

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
        _monitor.Arm(expected, args, _log, _layout.StackTop);
        var run = Call(_fireEntries[tp.Name], args, "probe", _monitor);
        var entered = _run.Entered;
        var calls = new string[entered.Count];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = NameOf(_funcAt.GetValueOrDefault(entered[i], entered[i]));
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

    /// <summary>Calls guest code at <paramref name="entry"/> with integer arguments, from a fresh stack, and reports how it ended.</summary>
    public RunOutcome Call(ulong entry, IReadOnlyList<ulong> args, string context) => Call(entry, args, context, null);

    private RunOutcome Call(ulong entry, IReadOnlyList<ulong> args, string context, CallMonitor? monitor)
    {
        Context = context;
        var spAtEntry = CallPlacement.Place(_engine, Isa, _layout.StackTop - 0x100, _layout.HaltPage, args);
        RunOutcome outcome;
        try
        {
            // entry is a function symbol, so a function pointer: on ppc64 ELFv1 a descriptor that also gives r2.
            outcome = _run.Run(entry, spAtEntry + (ulong)Isa.Abi.CallerStackPointerOffset, CallBudget, monitor, monitor is null ? null : _entryTargets, Wording);
        }
        catch (KernelBugException bug)
        {
            var ra = ReturnAddress();
            // A tail call leaves the return address of the code tpsim called, which is tpsim's own halt page.
            var from = ra == _layout.HaltPage ? $"a tail call in {context}" : Symbolize(ra);
            Dmesg.Add("oops", $"{bug.Kind}: {bug.Message} (called from {from})");
            var notes = new List<string>();
            RecoverAfterOops(notes);
            return new RunOutcome(Verdict.Trap, _engine.ReadRegister(Isa.Registers[Isa.Abi.ReturnValue]), new TrapInfo(TrapKind.KernelBug, _run.LastPc, bug.Message), null,
                CountsInstructions ? _run.Instructions : null, monitor is null ? [] : [.. monitor.Violations], notes);
        }
        finally
        {
            Context = "kernel";
        }
        if (outcome.Verdict == Verdict.Balanced)
        {
            return outcome;
        }
        var more = new List<string>(outcome.Notes);
        if (outcome.Fault is { } fault && outcome.Verdict == Verdict.Fault)
        {
            more.Add(DescribeFault(fault));
        }
        RecoverAfterOops(more);
        return outcome with { Notes = more };
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

    /// <summary>
    /// Whether the kernel image's code never writes an FP register: it is built with the kernel's -msoft-float (or
    /// arm64's -mgeneral-regs-only), or the ISA reads its text and finds no instruction that could (riscv64, whose
    /// kernel flags here keep F and D). Then the monitor reads the callee-saved FP registers less often
    /// (<see cref="CallMonitor.SiteLeavesFloatAlone"/>).
    /// </summary>
    private bool SiteLeavesFloatAlone(LoadedObject core)
    {
        if (Isa.Abi.CalleeSavedFloat.Count == 0)
        {
            return false;
        }
        if (Isa.Toolchain.FlagsFor(Build, out _) is { } flags && flags.Any(f => f is "-msoft-float" or "-mgeneral-regs-only" or "-mfloat-abi=soft"))
        {
            return true;
        }
        foreach (var range in core.ExecutableRanges)
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
        _run.RemoveHooks();
        return new RawFire(_engine, begin, _layout.HaltPage, _engine.SaveContext(), _log.LengthAddress, _log.Word);
    }

    public void Dispose()
    {
        _monitor.Dispose();
        _engine.Dispose();
    }
}

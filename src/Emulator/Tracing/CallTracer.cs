using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Emulator.Tracing;

/// <summary>
/// Records a <see cref="CheckedRun"/> instruction by instruction, as a debugger's single-step would: every instruction
/// of the calling site and of its calls, the registers and memory each changed, and each call's frame at entry and
/// after its return. Set it as <see cref="CheckedRun.Tracer"/> for one run, then <see cref="Finish(RunOutcome)"/>. It adds a code
/// hook and a store hook to the engine while it lives, so a traced run is slow: for explaining one run, not for the
/// matrix. Not thread-safe.
/// </summary>
public sealed class CallTracer : IDisposable
{
    /// <summary>Steps recorded at most; a looping callee's trace ends there (the frames and counts go on).</summary>
    public const int DefaultMaxSteps = 20_000;

    /// <summary>Bytes of the callee's side of the stack (below its entry SP) each frame picture covers.</summary>
    public const int CalleeWindow = 256;

    /// <summary>Bytes of the caller's frame above the incoming area each frame picture covers.</summary>
    public const int CallerWindow = 64;

    /// <summary>Bytes below SP the picture of where the run stopped covers (above it: <see cref="CalleeWindow"/>).</summary>
    private const int EndWindowBelow = 64;

    /// <summary>The longest instruction of any ISA here (x86: 15 bytes).</summary>
    private const int MaxInstructionBytes = 16;

    private readonly Engine _engine;
    private readonly IsaBackend _isa;
    private readonly Func<ulong, CodePlace?> _locate;
    private readonly int _maxSteps;
    private readonly string[] _names;
    private readonly GuestRegisters.ReadPlan _plan;
    private readonly bool _usesContext;
    private readonly int _spAt;
    private readonly int _linkAt;
    private readonly Dictionary<string, int> _calleeSavedAt;
    private readonly List<HookHandle> _hooks = [];
    private readonly Dictionary<ulong, CodePlace?> _places = [];
    private readonly List<TraceStep> _steps = [];
    private readonly List<TracedCall> _calls = [];
    private readonly List<(ulong Address, byte[] Old)> _stores = [];
    private EngineContext? _scratch;
    private ulong[] _before;
    private ulong[] _now;

    private CheckedRun? _run;
    private CallMonitor? _monitor;
    private TraceStep? _pending;
    private int? _currentCall;
    private bool _recording;
    private bool _truncated;
    private bool _violationMarked;
    private bool _checkedPartOver;

    /// <param name="locate">Names an address as symbol+offset (null: outside every loaded object).</param>
    public CallTracer(Engine engine, IsaBackend isa, Func<ulong, CodePlace?> locate, int maxSteps = DefaultMaxSteps)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(isa);
        ArgumentNullException.ThrowIfNull(locate);
        _engine = engine;
        _isa = isa;
        _locate = locate;
        _maxSteps = maxSteps;
        // Every register the ISA's map names but the program counter, in the map's order.
        // One name per register: maps list aliases (mips64 sp and $29, ppc64 r1 and 1), the first is the ABI's.
        _names = [.. isa.Registers.Names.Where(n => n != isa.Abi.ProgramCounter).DistinctBy(n => isa.Registers[n])];
        int[] ids = [.. _names.Select(n => isa.Registers[n])];
        _plan = new GuestRegisters.ReadPlan(ids);
        _usesContext = GuestRegisters.HasContextWord(ids);
        // ABI names are found by register id, whichever alias the map listed first.
        int At(string name) => isa.Registers.Contains(name) ? Array.IndexOf(ids, isa.Registers[name]) : -1;
        _spAt = At(isa.Abi.StackPointer);
        _linkAt = isa.Abi.LinkRegister is { } link ? At(link) : -1;
        _calleeSavedAt = isa.Abi.CalleeSaved.Where(r => At(r) >= 0).ToDictionary(r => r, At, StringComparer.Ordinal);
        _before = new ulong[_names.Length];
        _now = new ulong[_names.Length];
        _hooks.Add(engine.AddCodeHook(1, 0, OnInstruction));
        _hooks.Add(engine.AddMemoryWriteHook(OnStore));
        // Blocks translated before these hooks existed would run without them.
        engine.FlushTranslations();
    }

    /// <summary>Called by <see cref="CheckedRun.Run"/> before the run starts.</summary>
    internal void Begin(CheckedRun run, CallMonitor? monitor)
    {
        _run = run;
        _monitor = monitor;
        _recording = true;
    }

    /// <summary>Called by <see cref="CheckedRun"/> when the checked part ends (before it runs on after a violation).</summary>
    internal void CheckedPartEnded()
    {
        Complete();
        MarkViolation();
        if (_currentCall is { } open && _run is { } run && run.InSite(_engine.ReadRegister(_isa.Registers[_isa.Abi.ProgramCounter])))
        {
            // The monitor stopped the run at the site instruction the callee returned to, before this hook saw it.
            ReadRegisters(_now);
            _calls[open].AtReturn = Frame(_calls[open].AtEntry.WindowStart, _calls[open].AtEntry.Window.Length);
            _currentCall = null;
        }
        _checkedPartOver = true;
        // What runs on unchecked after a violation has no calls to attribute to; the run's notes say how it ended.
        _recording = false;
    }

    /// <summary>Ends recording and returns what the run did; marks the outcome's violation, trap or fault on its step.</summary>
    public CallTrace Finish(RunOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return Finish(outcome.Violations, outcome.Trap, outcome.Fault);
    }

    /// <summary><see cref="Finish(RunOutcome)"/> from a run's violations, trap and fault as a client reports them.</summary>
    public CallTrace Finish(IReadOnlyList<Violation> violations, TrapInfo? trap, FaultInfo? fault)
    {
        ArgumentNullException.ThrowIfNull(violations);
        Complete();
        _recording = false;
        if (!_violationMarked && violations.Count > 0 && _steps.Count > 0)
        {
            // A violation found after the run (a call never made) belongs to the run's last step.
            Mark(_steps[^1], TraceEvent.Of(violations[0]));
            _violationMarked = true;
        }
        if (trap is not null)
        {
            MarkAt(trap.Pc, TraceEvent.Of(trap));
        }
        else if (fault is not null)
        {
            MarkAt(fault.Pc, TraceEvent.Of(fault));
        }
        ReadRegisters(_now);
        var sp = _now[_spAt];
        var end = Frame(sp - EndWindowBelow, EndWindowBelow + CalleeWindow);
        return new CallTrace([.. _steps], [.. _calls], _truncated) { AtEnd = end };
    }

    private void MarkAt(ulong pc, TraceEvent e)
    {
        var step = _steps.LastOrDefault(s => s.Address == _isa.InstructionAddress(pc)) ?? _steps.LastOrDefault();
        if (step is not null && !_violationMarked)
        {
            Mark(step, e);
        }
    }

    private static void Mark(TraceStep step, TraceEvent e) => step.Event ??= e;

    private void OnInstruction(Engine engine, ulong pc, uint size)
    {
        if (!_recording || _run is not { } run)
        {
            return;
        }
        var havePrevious = _pending is not null;
        if (havePrevious)
        {
            ReadRegisters(_now);
            Complete(_now);
        }
        MarkViolation();
        if (pc == run.HaltPage)
        {
            return;
        }
        var inSite = run.InSite(pc);
        int? call = inSite ? null : run.Entered.Count - 1 is >= 0 and var k ? k : null;
        if (!havePrevious)
        {
            ReadRegisters(_now);
        }
        // _now holds the registers before this instruction.
        FollowCalls(inSite, call, pc);
        if (call is { } c && c < _calls.Count)
        {
            var traced = _calls[c];
            traced.Instructions++;
            var sp = _now[_spAt];
            if (sp < traced.DeepestStackPointer)
            {
                traced.DeepestStackPointer = sp;
            }
        }
        if (_steps.Count >= _maxSteps)
        {
            _truncated = true;
            return;
        }
        // Unicorn passes no real size for some hooked instructions (0xf1f1f1f1): read the longest one, the decoder trims.
        var bytes = new byte[size is > 0 and <= MaxInstructionBytes ? size : MaxInstructionBytes];
        if (!_engine.TryRead(pc, bytes))
        {
            bytes = [];
        }
        var place = Place(pc);
        _pending = new TraceStep
        {
            Address = pc,
            Bytes = bytes,
            Call = call,
            Symbol = place?.Symbol,
            Offset = place?.Offset ?? 0,
            AlternateSet = _isa.InAlternateInstructionSet(engine),
        };
        _steps.Add(_pending);
        (_before, _now) = (_now, _before);
    }

    /// <summary>Notes a call's entry at its first instruction and its return at the site's next one.</summary>
    private void FollowCalls(bool inSite, int? call, ulong pc)
    {
        if (call is { } c && c == _calls.Count && _monitor is { } monitor && c < monitor.ExpectedCalls.Count)
        {
            _calls.Add(Enter(c, monitor, pc));
            _currentCall = c;
        }
        else if (inSite && _currentCall is { } open)
        {
            _calls[open].AtReturn = Frame(_calls[open].AtEntry.WindowStart, _calls[open].AtEntry.Window.Length);
            _currentCall = null;
        }
    }

    private TracedCall Enter(int index, CallMonitor monitor, ulong pc)
    {
        var abi = _isa.Abi;
        var sp = _now[_spAt];
        var onStack = abi.ReturnAddress == ReturnAddressLocation.Stack;
        var ra = onStack ? _engine.ReadWord(sp, abi.PointerSize, abi.ByteOrder) : _linkAt >= 0 ? _now[_linkAt] : 0;
        var incoming = monitor.IncomingAreaBytes;
        var start = sp - CalleeWindow;
        var frame = Frame(start, CalleeWindow + incoming + CallerWindow);
        return new TracedCall(index, monitor.ExpectedCalls[index].Callee, pc, frame)
        {
            StackPointerBeforeCall = sp + (ulong)abi.CallerStackPointerOffset,
            ReturnAddress = _isa.InstructionAddress(ra),
            ReturnSlot = onStack ? sp : null,
            LinkRegister = onStack ? null : abi.LinkRegister,
            RegisterSaveArea = abi.RegisterSaveAreaSize,
            ArgumentsStart = sp + (ulong)abi.IncomingArgumentOffset,
            ArgumentBytes = incoming - abi.IncomingArgumentOffset,
            DeepestStackPointer = sp,
        };
    }

    /// <summary>The stack window now, with SP and the callee-saved registers from the last register read.</summary>
    private CallFrameState Frame(ulong start, int length)
    {
        var window = new byte[length];
        if (!_engine.TryRead(start, window))
        {
            // Near the top of the stack mapping: read what is there word by word, unmapped words stay zero.
            var word = _isa.Abi.PointerSize;
            for (var off = 0; off + word <= length; off += word)
            {
                _engine.TryRead(start + (ulong)off, window.AsSpan(off, word));
            }
        }
        var saved = _calleeSavedAt.ToDictionary(kv => kv.Key, kv => _now[kv.Value], StringComparer.Ordinal);
        return new CallFrameState(_now[_spAt], start, window, saved);
    }

    private void OnStore(Engine engine, ulong address, int size)
    {
        if (_pending is null || size <= 0)
        {
            return;
        }
        var old = new byte[size];
        engine.TryRead(address, old);
        _stores.Add((address, old));
    }

    /// <summary>Finishes the pending step with registers read now (the run ended, or was stopped).</summary>
    private void Complete()
    {
        if (_pending is null)
        {
            return;
        }
        ReadRegisters(_now);
        Complete(_now);
        // The registers now are those after the last step; keep them as the next step's "before".
        (_before, _now) = (_now, _before);
    }

    /// <summary>Finishes the pending step: <paramref name="after"/> against the registers before it, then its stores.</summary>
    private void Complete(ulong[] after)
    {
        var step = _pending!;
        _pending = null;
        var changes = new List<RegisterChange>();
        for (var i = 0; i < _names.Length; i++)
        {
            if (after[i] != _before[i])
            {
                changes.Add(new RegisterChange(_names[i], _before[i], after[i]));
            }
        }
        step.Registers = changes;
        step.SpDelta = unchecked((long)(after[_spAt] - _before[_spAt]));
        if (_stores.Count > 0)
        {
            var memory = new List<MemoryChange>(_stores.Count);
            foreach (var (address, old) in _stores)
            {
                var now = new byte[old.Length];
                _engine.TryRead(address, now);
                memory.Add(new MemoryChange(address, old, now));
            }
            step.Memory = memory;
            _stores.Clear();
        }
    }

    /// <summary>The monitor's first violation goes on the step that made it: the last one recorded when it appeared.</summary>
    private void MarkViolation()
    {
        if (_violationMarked || _checkedPartOver || _monitor is not { Violations.Count: > 0 } monitor || _steps.Count == 0)
        {
            return;
        }
        // Callers complete the step in progress first, so the last step is the one that ran when it appeared.
        Mark(_steps[^1], TraceEvent.Of(monitor.Violations[0]));
        _violationMarked = true;
    }

    private void ReadRegisters(ulong[] into)
    {
        if (_usesContext && _scratch is null)
        {
            _scratch = _engine.SaveContext();
        }
        GuestRegisters.ReadAll(_engine, _plan, into, _scratch);
    }

    private CodePlace? Place(ulong pc)
    {
        if (!_places.TryGetValue(pc, out var place))
        {
            place = _locate(pc);
            _places[pc] = place;
        }
        return place;
    }

    public void Dispose()
    {
        foreach (var hook in _hooks)
        {
            hook.Dispose();
        }
        _hooks.Clear();
        if (!_engine.IsDisposed)
        {
            _engine.FlushTranslations();
        }
        _scratch?.Dispose();
        _scratch = null;
    }
}

using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Emulator.Checking;

/// <summary>
/// Judges every call a site makes, at the callee's entry and at its return, the way GMP's *call.asm
/// and GCC's x86_64 ABI tests do, but per call: SP, return address, every callee-saved register, the
/// caller's frame above the incoming-argument area, and what a real probe recorded. The first broken
/// call stops emulation; later consequences are for the runner to describe.
/// </summary>
public sealed class CallMonitor : IDisposable
{
    private readonly IsaBackend _isa;
    private readonly AbiDescription _abi;
    private readonly int[] _calleeSavedIds;
    private readonly string[] _calleeSavedNames;
    private readonly int _spId;
    private readonly int _linkId;
    private readonly List<Violation> _violations = [];
    private IReadOnlyList<ExpectedCall> _calls = [];
    private ulong[] _arguments = [];
    private ulong[] _recorded = [];
    private int _frameOffset;
    private int _stackArgs;
    private IProbeLog? _log;
    private ulong _stackTop;
    private CallFrame? _pending;
    private static readonly List<(ulong, byte[])> NoCallerWords = [];
    private readonly int[] _readIds;
    private readonly GuestRegisters.ReadPlan _readPlan;
    private readonly ulong[] _readValues;

    // Positions in the callee-saved set of the FP registers and of the rest, for the reads that leave FP out: at later
    // entries when the site leaves FP alone (SiteLeavesFloatAlone), and at returns while the FP state stays clean.
    private readonly int[] _floatAt;
    private readonly int[] _nonFloatAt;
    private bool _siteLeavesFloatAlone;
    private bool _enteredSinceArm;

    // FP state tracking (riscv64 mstatus.FS): at a return, the registers but the FP ones, and the tracking register
    // last; the FP ones only when the state went dirty. Null where the ISA has no such field or no FP callee-saved.
    private readonly FloatStateTracking? _floatState;
    private readonly GuestRegisters.ReadPlan? _returnPlanTracked;
    private readonly GuestRegisters.ReadPlan _floatPlan;
    private readonly GuestRegisters.ReadPlan _nonFloatPlan;
    private readonly ulong[] _assembled;
    private bool _trackingArmed;
    private readonly int _calleeSavedAt;
    private readonly ReturnFlag[] _flags;
    private readonly int _flagsAt;
    private readonly CallFrame _frame = new();
    private readonly List<Violation> _found = [];
    private byte[] _now = [];
    private int _next;

    /// <param name="notPreserved">Callee-saved registers of the ABI that this build does not preserve (a real kernel's x18 without scs).</param>
    public CallMonitor(IsaBackend isa, IReadOnlySet<string>? notPreserved = null)
    {
        _isa = isa;
        _abi = isa.Abi;
        _calleeSavedNames = [.. _abi.CalleeSaved.Where(r => notPreserved is null || !notPreserved.Contains(r))];
        // The monitor only reads these, so by the ISA's cheapest way for many registers at once.
        _calleeSavedIds = [.. _calleeSavedNames.Select(n => isa.BulkReadId(isa.Registers[n]))];
        _spId = isa.BulkReadId(isa.Registers[_abi.StackPointer]);
        _linkId = _abi.LinkRegister is { } link ? isa.BulkReadId(isa.Registers[link]) : -1;
        _frame.CalleeSaved = new ulong[_calleeSavedIds.Length];
        // SP, the link register, the flag registers, then the callee-saved set: every plan below keeps that prefix.
        _flags = [.. _abi.FlagsClearAtReturn];
        int[] flagIds = [.. _flags.Select(f => isa.BulkReadId(isa.Registers[f.Register]))];
        _readIds = _linkId >= 0 ? [_spId, _linkId, .. flagIds, .. _calleeSavedIds] : [_spId, .. flagIds, .. _calleeSavedIds];
        _flagsAt = (_linkId >= 0 ? 2 : 1);
        _calleeSavedAt = _readIds.Length - _calleeSavedIds.Length;
        _readValues = new ulong[_readIds.Length];
        _readPlan = new GuestRegisters.ReadPlan(_readIds);
        _assembled = new ulong[_readIds.Length];
        var floats = _abi.CalleeSavedFloat.ToHashSet(StringComparer.Ordinal);
        _floatAt = [.. Enumerable.Range(0, _calleeSavedNames.Length).Where(i => floats.Contains(_calleeSavedNames[i]))];
        _nonFloatAt = [.. Enumerable.Range(0, _calleeSavedNames.Length).Where(i => !floats.Contains(_calleeSavedNames[i]))];
        int[] general = [.. _readIds[.._calleeSavedAt], .. _nonFloatAt.Select(i => _calleeSavedIds[i])];
        _nonFloatPlan = new GuestRegisters.ReadPlan(general);
        _floatPlan = new GuestRegisters.ReadPlan([.. _floatAt.Select(i => _calleeSavedIds[i])]);
        if (isa.FloatState is { } tracking && _floatAt.Length > 0)
        {
            _floatState = tracking;
            _returnPlanTracked = new GuestRegisters.ReadPlan([.. general, isa.BulkReadId(tracking.RegisterId)]);
        }
        _usesContext = GuestRegisters.HasContextWord(_readIds);
    }

    /// <summary>
    /// The calling site never writes an FP register (a kernel image built with -msoft-float has no FP instruction), so
    /// the callee-saved FP registers are read at the first entry after <see cref="Arm"/> and at returns, not at later entries. A return
    /// that passed left them as they were at that call's entry, and the site leaves them so until the next entry.
    /// Saves a CPU-state copy per call where Unicorn reaches them only through one (s390x, mips64 FP registers).
    /// </summary>
    public void SiteLeavesFloatAlone() => _siteLeavesFloatAlone = true;

    /// <summary>Calls that returned and passed every check.</summary>
    public int CallsCompleted { get; private set; }

    /// <summary>The calls the monitor was armed for, in order.</summary>
    public IReadOnlyList<ExpectedCall> ExpectedCalls => _calls;

    public IReadOnlyList<Violation> Violations => _violations;

    /// <summary>Bytes from a callee's entry SP to the caller's frame it must leave alone (return slot, save area, stack arguments).</summary>
    public int IncomingAreaBytes => _frameOffset;

    /// <summary>A callee was entered and has not returned yet.</summary>
    public bool CallPending => Enabled && _pending is not null;

    /// <summary>
    /// A callee-pop convention (i386 stdcall, -mrtd): a correct callee returns with SP above its stack
    /// arguments, so that is the SP the return is checked against. False for every kernel ABI.
    /// </summary>
    public bool CalleePopsArguments { get; set; }

    /// <summary>When false the hooks only observe; used to let a broken site run on after the verdict.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Arms the monitor for one site run.</summary>
    /// <param name="calls">The array entries in order.</param>
    /// <param name="arguments">a1..aN as the site passes them (data excluded).</param>
    /// <param name="log">The probes' log.</param>
    /// <param name="stackTop">End of the stack region; the caller-frame check covers up to here.</param>
    /// <param name="stackArgumentBytes">
    /// Bytes of stack arguments each callee receives, when the arguments are not all words (a generated prototype
    /// with 64-bit integers on a 32-bit ISA); null: one slot per argument past the register ones.
    /// </param>
    public void Arm(IReadOnlyList<ExpectedCall> calls, IReadOnlyList<ulong> arguments, IProbeLog log, ulong stackTop, int? stackArgumentBytes = null)
    {
        _calls = calls;
        if (_arguments.Length != arguments.Count)
        {
            _arguments = new ulong[arguments.Count];
        }
        for (var i = 0; i < _arguments.Length; i++)
        {
            _arguments[i] = arguments[i];
        }
        if (_recorded.Length < _arguments.Length)
        {
            _recorded = new ulong[_arguments.Length];
        }
        _stackArgs = _abi.StackArgumentCount(_arguments.Length + 1);
        // The callee owns a pushed return address, the caller's register save area (s390x) and its stack arguments.
        _frameOffset = stackArgumentBytes is { } bytes ? _abi.IncomingArgumentOffset + bytes : _abi.IncomingAreaSize(_arguments.Length + 1);
        _log = log;
        _stackTop = stackTop;
        _pending = null;
        _next = 0;
        _violations.Clear();
        CallsCompleted = 0;
        Enabled = true;
        _enteredSinceArm = false;
        _trackingArmed = false;
    }

    /// <summary>
    /// Before the run <see cref="Arm"/> prepared: marks the FP state clean where the CPU tracks it, so that each return
    /// reads the FP callee-saved registers only if some instruction wrote an FP register since. Without this call
    /// every return reads them.
    /// </summary>
    public void PrepareRun(Engine engine)
    {
        if (_floatState is { } tracking)
        {
            tracking.MarkClean(engine);
            _trackingArmed = true;
        }
    }

    /// <summary>Hook at a callee's first instruction. Re-entry while a call is pending (a loop to entry) is ignored.</summary>
    public void OnCalleeEntry(Engine engine, ulong address)
    {
        if (!Enabled || _pending is not null || _next >= _calls.Count)
        {
            return;
        }
        var call = _calls[_next];
        var full = !_enteredSinceArm || !_siteLeavesFloatAlone;
        _enteredSinceArm = true;
        var registers = ReadRegisters(engine, full ? _readPlan : _nonFloatPlan);
        var sp = registers[0];
        var before = sp + (ulong)_abi.CallerStackPointerOffset;
        var ra = _isa.InstructionAddress(_abi.ReturnAddress == ReturnAddressLocation.Stack ? engine.ReadWord(sp, _abi.PointerSize, _abi.ByteOrder) : registers[1]);
        var stackArgs = _stackArgs;
        var frameStart = sp + (ulong)_frameOffset;
        var length = frameStart < _stackTop ? (int)(_stackTop - frameStart) : 0;
        var snapshot = _frame;
        if (snapshot.FrameBuffer.Length < length)
        {
            snapshot.FrameBuffer = new byte[length];
            _now = new byte[length];
        }
        engine.Read(frameStart, snapshot.FrameBuffer.AsSpan(0, length));
        if (full)
        {
            registers[_calleeSavedAt..].CopyTo(snapshot.CalleeSaved);
        }
        else
        {
            // The FP ones are as the last entry read them (SiteLeavesFloatAlone).
            for (var i = 0; i < _nonFloatAt.Length; i++)
            {
                snapshot.CalleeSaved[_nonFloatAt[i]] = registers[_calleeSavedAt + i];
            }
        }
        // Words inside the save area that stay the caller's (ppc64: back chain, TOC save).
        var callerWords = _abi.CallerRangesInSaveArea.Count == 0 ? NoCallerWords : _abi.CallerRangesInSaveArea.Select(r =>
        {
            var bytes = new byte[r.Length];
            engine.Read(sp + (ulong)r.Offset, bytes);
            return (sp + (ulong)r.Offset, bytes);
        }).ToList();
        if (address != call.Target)
        {
            // The site called something other than the next entry: that is a site bug, reported as such.
            Fail(engine, new Violation(ViolationKind.ReturnAddress, "call-target", call.Target, address, _next, call.Callee));
            return;
        }
        snapshot.Index = _next;
        snapshot.Call = call;
        snapshot.StackPointerBeforeCall = CalleePopsArguments ? before + (ulong)(stackArgs * _abi.StackSlotSize) : before;
        snapshot.ReturnAddress = ra;
        snapshot.FrameStart = frameStart;
        snapshot.FrameLength = length;
        snapshot.CallerWords = callerWords;
        snapshot.LogCountBefore = _log!.Count;
        _pending = snapshot;
    }

    /// <summary>Hook on the calling site's instructions (or the blocks they start): the first one executed after an entry is the return.</summary>
    public void OnSiteInstruction(Engine engine, ulong address)
    {
        if (!Enabled || _pending is not { } frame)
        {
            return;
        }
        _pending = null;
        _next++;
        if (address != frame.ReturnAddress)
        {
            Fail(engine, new Violation(ViolationKind.ReturnAddress, _abi.ProgramCounter, frame.ReturnAddress, address, frame.Index, frame.Call.Callee));
            return;
        }
        var found = _found;
        found.Clear();
        var dirty = false;
        var registers = _trackingArmed ? ReadTracked(engine, frame, out dirty) : ReadRegisters(engine, _readPlan);
        CheckStack(registers[0], frame, found);
        CheckFlags(registers, frame, found);
        CheckCalleeSaved(registers[_calleeSavedAt..], frame, found);
        CheckCallerFrame(engine, frame, found);
        CheckProbeRecord(frame, found);
        if (found.Count > 0)
        {
            _violations.AddRange(found);
            engine.Stop();
            return;
        }
        if (dirty)
        {
            // The FP registers were written and are back as they were: clean again for the next call.
            _floatState!.MarkClean(engine);
        }
        CallsCompleted++;
    }

    /// <summary>
    /// The return's registers in <see cref="_readPlan"/>'s order: the FP callee-saved ones read only when the FP state
    /// went dirty (<paramref name="dirty"/>), otherwise unchanged since they were marked clean, so as at the entry.
    /// </summary>
    private ReadOnlySpan<ulong> ReadTracked(Engine engine, CallFrame frame, out bool dirty)
    {
        var plan = _returnPlanTracked!;
        var general = ReadRegisters(engine, plan);
        var all = _assembled;
        general[.._calleeSavedAt].CopyTo(all);
        for (var i = 0; i < _nonFloatAt.Length; i++)
        {
            all[_calleeSavedAt + _nonFloatAt[i]] = general[_calleeSavedAt + i];
        }
        dirty = !_floatState!.IsClean(general[plan.Count - 1]);
        if (dirty)
        {
            var floats = ReadRegisters(engine, _floatPlan);
            for (var i = 0; i < _floatAt.Length; i++)
            {
                all[_calleeSavedAt + _floatAt[i]] = floats[i];
            }
        }
        else
        {
            for (var i = 0; i < _floatAt.Length; i++)
            {
                all[_calleeSavedAt + _floatAt[i]] = frame.CalleeSaved[_floatAt[i]];
            }
        }
        return all;
    }

    /// <summary>Control reached the harness's return address; a pending call means a callee returned straight past the site.</summary>
    public void OnHalt(Engine engine, ulong address)
    {
        if (Enabled && _pending is { } frame)
        {
            _pending = null;
            Fail(engine, new Violation(ViolationKind.ReturnAddress, _abi.ProgramCounter, frame.ReturnAddress, address, frame.Index, frame.Call.Callee));
        }
    }

    private void Fail(Engine engine, Violation v)
    {
        _violations.Add(v);
        engine.Stop();
    }

    private void CheckStack(ulong sp, CallFrame frame, List<Violation> found)
    {
        if (sp != frame.StackPointerBeforeCall)
        {
            found.Add(new Violation(ViolationKind.StackPointer, _abi.StackPointer, frame.StackPointerBeforeCall, sp, frame.Index, frame.Call.Callee));
        }
    }

    private void CheckFlags(ReadOnlySpan<ulong> registers, CallFrame frame, List<Violation> found)
    {
        for (var i = 0; i < _flags.Length; i++)
        {
            var value = (registers[_flagsAt + i] >> _flags[i].Bit) & 1;
            if (value != 0)
            {
                found.Add(new Violation(ViolationKind.Flags, _flags[i].Name, 0, value, frame.Index, frame.Call.Callee));
            }
        }
    }

    private void CheckCalleeSaved(ReadOnlySpan<ulong> current, CallFrame frame, List<Violation> found)
    {
        for (var i = 0; i < _calleeSavedIds.Length; i++)
        {
            var now = current[i];
            if (now != frame.CalleeSaved[i])
            {
                found.Add(new Violation(ViolationKind.CalleeSaved, _calleeSavedNames[i], frame.CalleeSaved[i], now, frame.Index, frame.Call.Callee));
            }
        }
    }

    /// <summary>
    /// SP, the link register where there is one, then the callee-saved set, in one call into the engine: a fire reads
    /// them at every entry and return. The buffer is the monitor's, valid until the next read.
    /// </summary>
    private ReadOnlySpan<ulong> ReadRegisters(Engine engine, GuestRegisters.ReadPlan plan)
    {
        if (_usesContext && _scratch is null)
        {
            _scratch = engine.SaveContext();
        }
        GuestRegisters.ReadAll(engine, plan, _readValues.AsSpan(0, plan.Count), _scratch);
        return _readValues.AsSpan(0, plan.Count);
    }

    /// <summary>Whether a register read needs a saved CPU state (s390x and mips64 FP registers); then this is the one it reuses.</summary>
    private readonly bool _usesContext;
    private EngineContext? _scratch;

    /// <summary>Frees the saved CPU state the register reads reuse, if any.</summary>
    public void Dispose()
    {
        _scratch?.Dispose();
        _scratch = null;
    }

    private void CheckCallerFrame(Engine engine, CallFrame frame, List<Violation> found)
    {
        var word = _abi.PointerSize;
        foreach (var (address, was) in frame.CallerWords)
        {
            var current = new byte[was.Length];
            engine.Read(address, current);
            if (!current.AsSpan().SequenceEqual(was))
            {
                var size = was.Length is 1 or 2 or 4 or 8 ? was.Length : word;
                found.Add(new Violation(ViolationKind.CallerFrame, $"mem[0x{address:x}]",
                    MemoryWords.GetWord(was, size, _abi.ByteOrder), MemoryWords.GetWord(current, size, _abi.ByteOrder), frame.Index, frame.Call.Callee));
            }
        }
        if (frame.FrameLength == 0)
        {
            return;
        }
        if (engine.Holds(frame.FrameStart, frame.Frame))
        {
            // The usual case, compared in place at memory speed; only a changed frame is read and walked word by word.
            return;
        }
        var now = _now.AsSpan(0, frame.FrameLength);
        engine.Read(frame.FrameStart, now);
        for (var off = 0; off + word <= now.Length; off += word)
        {
            var was = MemoryWords.GetWord(frame.Frame[off..], word, _abi.ByteOrder);
            var @is = MemoryWords.GetWord(now[off..], word, _abi.ByteOrder);
            if (was != @is)
            {
                var addr = frame.FrameStart + (ulong)off;
                found.Add(new Violation(ViolationKind.CallerFrame, $"mem[0x{addr:x}]", was, @is, frame.Index, frame.Call.Callee));
            }
        }
    }

    private void CheckProbeRecord(CallFrame frame, List<Violation> found)
    {
        if (!frame.Call.IsProbe)
        {
            return;
        }
        var count = _log!.Count;
        if (count != frame.LogCountBefore + 1)
        {
            found.Add(new Violation(ViolationKind.Argument, "log-entries", (ulong)(frame.LogCountBefore + 1), (ulong)count, frame.Index, frame.Call.Callee));
            return;
        }
        var recorded = _recorded.AsSpan(0, _arguments.Length);
        _log.ReadInto(frame.LogCountBefore, out var data, recorded);
        if (data != frame.Call.Data)
        {
            found.Add(new Violation(ViolationKind.Argument, "data", frame.Call.Data, data, frame.Index, frame.Call.Callee));
        }
        for (var i = 0; i < _arguments.Length; i++)
        {
            var got = recorded[i];
            if (got != _arguments[i])
            {
                found.Add(new Violation(ViolationKind.Argument, $"a{i + 1}", _arguments[i], got, frame.Index, frame.Call.Callee));
            }
        }
    }
}

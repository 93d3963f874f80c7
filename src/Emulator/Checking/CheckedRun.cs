using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Tracing;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Emulator.Checking;

/// <summary>
/// Runs guest code from a function pointer to a halt page and decides how it ended, the one way every part of
/// tpsim does (the matrix, <c>check</c>, scenarios, the bench): violations, then trap, fault, engine error and
/// timeout, with the first violation's consequence named by running on unchecked. It owns the engine's hooks: one
/// block hook for every block, dispatched by where the block starts (the halt, a site range, a client's own page, a
/// callee's entry), or with <see cref="CountsInstructions"/> one code hook on every instruction. A trap is placed at
/// its exact instruction from the last block (see <see cref="FaultingPc"/>). Not thread-safe; the engine stays the
/// caller's.
/// </summary>
public sealed partial class CheckedRun
{
    private readonly Engine _engine;
    private readonly IsaBackend _isa;
    private readonly ulong _haltPage;
    private readonly List<AddressRange> _siteRanges = [];
    private readonly List<HookHandle> _hooks = [];
    private readonly List<ulong> _entered = [];
    private readonly HashSet<ulong> _noTargets = [];
    private readonly Func<ulong, string?>? _symbolize;
    private readonly int _pcId;
    private readonly int[] _pcAndReturnValue;

    // Per-run state written by the hooks.
    private CallMonitor? _monitor;
    private IReadOnlySet<ulong> _entryTargets;
    private ulong _lastPc;
    private bool _lastPcInSite;
    private ulong _blockStart;
    private uint _blockSize;
    private long _instructions;
    private bool _reachedHalt;
    private ulong? _returnValue;
    private TrapInfo? _trap;
    private FaultInfo? _fault;

    /// <param name="haltPage">A page this maps and fills with the ISA's halt instruction: every run returns there.</param>
    /// <param name="countInstructions">Counts every instruction (<see cref="RunOutcome.Instructions"/>) with a code hook on each one.</param>
    /// <param name="symbolize">Names a kCFI trap's target (<see cref="TrapInfo.Target"/>); null leaves it unnamed.</param>
    public CheckedRun(Engine engine, IsaBackend isa, ulong haltPage, bool countInstructions = false, Func<ulong, string?>? symbolize = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(isa);
        _engine = engine;
        _isa = isa;
        _haltPage = haltPage;
        _symbolize = symbolize;
        _entryTargets = _noTargets;
        CountsInstructions = countInstructions;
        _pcId = isa.Registers[isa.Abi.ProgramCounter];
        _pcAndReturnValue = [_pcId, isa.Registers[isa.Abi.ReturnValue]];
        engine.Map(haltPage, Pages.Size, ExecutableMappings.Protection(engine, UcProt.Read | UcProt.Exec));
        engine.Write(haltPage, isa.HaltInstruction);
        InstallHooks();
    }

    /// <summary>Whether every instruction is counted (and passes a managed hook).</summary>
    public bool CountsInstructions { get; }

    /// <summary>
    /// Called for every block (or, when counting, every instruction) outside the sites and the halt page, before the
    /// callee-entry check: true when the client handled it (a kernel function written in C#), so it is no entry.
    /// </summary>
    public Func<ulong, bool>? Dispatch { get; set; }

    /// <summary>
    /// Asked at every trap before it ends the run (the kernel's exception handler): an address to resume at (a WARN
    /// that report_bug handled), a trap that replaces it (a BUG), or null to end the run with the trap as it is.
    /// </summary>
    public Func<TrapInfo, TrapResolution?>? TrapHandler { get; set; }

    /// <summary>Traps <see cref="TrapHandler"/> may resume from in one run; past that a trap ends it (a WARN in a loop).</summary>
    public const int MaxResumes = 1000;

    /// <summary>Where <see cref="Dispatch"/> can handle anything (the bridge page): it is asked only for blocks there.</summary>
    public AddressRange DispatchRange { get; set; }

    /// <summary>Records the next runs instruction by instruction (<c>tpsim explain</c>); null runs untraced.</summary>
    public CallTracer? Tracer { get; set; }

    /// <summary>Where every run returns to (filled with the ISA's halt instruction).</summary>
    public ulong HaltPage => _haltPage;

    /// <summary>The last instruction (or block start) a hook saw: the site of a C# kernel function's call, for its reports.</summary>
    public ulong LastPc => _lastPc;

    /// <summary>
    /// The run's stack: [<see cref="StackGuard.Bottom"/>, <see cref="StackGuard.Top"/>) mapped, and every access in
    /// [<see cref="StackGuard.GuardStart"/>, Bottom) unmapped, so that running into it is a fault that says stack overflow.
    /// </summary>
    public StackGuard? Stack { get; set; }

    /// <summary>Instructions executed so far in the current or last run, when counting.</summary>
    public long Instructions => _instructions;

    /// <summary>The callee entries the monitor was shown in the last run, in order (code addresses).</summary>
    public IReadOnlyList<ulong> Entered => _entered;

    /// <summary>The calling code whose blocks see returns and start calls: the iterator, the harness sites.</summary>
    public void AddSite(AddressRange range)
    {
        _siteRanges.Add(range);
        // Blocks translated before a hook's target changed must be translated again to be seen the new way.
        _engine.RemoveCache(range.Start, range.End);
    }

    /// <summary>Whether <paramref name="pc"/> lies in a site added with <see cref="AddSite"/>.</summary>
    public bool InSite(ulong pc)
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

    /// <summary>
    /// Runs from <paramref name="functionPointer"/> (arguments and return address already placed) until it returns to
    /// the halt page, the budget runs out, or something stops it; with a monitor, checks every call the monitor was
    /// armed for. The entry's code address comes from the pointer (ppc64 descriptors, arm Thumb bit).
    /// </summary>
    /// <param name="expectedSp">SP once the code has returned to the halt page (for naming a violation's consequence).</param>
    /// <param name="monitor">Armed for this run, or null to run unchecked.</param>
    /// <param name="entryTargets">Code addresses of the callees the monitor expects; a block the site branches to there is an entry.</param>
    public RunOutcome Run(ulong functionPointer, ulong expectedSp, ulong budget, CallMonitor? monitor, IReadOnlySet<ulong>? entryTargets, RunWording wording)
    {
        ArgumentNullException.ThrowIfNull(wording);
        Reset();
        _monitor = monitor;
        _entryTargets = entryTargets ?? _noTargets;
        _entered.Clear();
        monitor?.PrepareRun(_engine);
        _isa.PrepareIndirectCall(_engine, functionPointer);
        Tracer?.Begin(this, monitor);
        var notes = new List<string>();
        UcError err;
        try
        {
            err = _engine.Run(_isa.EntryPoint(_engine, functionPointer), _haltPage, budget);
            for (var resumes = 0; TrapHandler is not null && resumes < MaxResumes && TrappedNow(err) is { } trap; resumes++)
            {
                var resolution = TrapHandler(trap);
                if (resolution?.ResumeAt is not { } resume)
                {
                    _trap = resolution?.Trap ?? trap;
                    break;
                }
                // Resumed as the kernel's handler returns from the exception: same registers, the pc moved on.
                _trap = null;
                _engine.WriteRegister(_pcId, resume);
                err = _engine.Run(resume, _haltPage, budget);
            }
        }
        finally
        {
            _monitor = null;
        }
        NoteHaltAtUntil(err, monitor);

        Tracer?.CheckedPartEnded();
        if (monitor is { Violations.Count: > 0 })
        {
            notes.Add(RunOn(expectedSp, budget, monitor, wording));
            return Outcome(Verdict.Unbalanced, monitor, notes);
        }
        if (_trap is null && GuestEvents.IsTrapError(err))
        {
            _trap = GuestEvents.Trap(_engine, _isa, FaultingPc(_engine.ReadRegister(_pcId)), _symbolize);
        }
        if (_trap is not null)
        {
            return Outcome(Verdict.Trap, monitor, notes);
        }
        if (_fault is not null || GuestEvents.IsMemoryError(err))
        {
            _fault ??= new FaultInfo(FaultAccesses.Of(err), 0, _lastPc);
            if (Stack is { } stack && _fault.Access != FaultAccess.Fetch && _fault.Address >= stack.GuardStart && _fault.Address < stack.Bottom)
            {
                _fault = _fault with { StackOverflowBytes = stack.Top - _fault.Address, StackSize = stack.Top - stack.Bottom };
                notes.Add($"stack overflow: the code used at least {stack.Top - _fault.Address} bytes of the {stack.Top - stack.Bottom}-byte stack");
            }
            return Outcome(Verdict.Fault, monitor, notes);
        }
        if (err != UcError.Ok)
        {
            throw new UnicornException(err, "uc_emu_start", $"emulation stopped unexpectedly at pc 0x{_engine.ReadRegister(_pcId):x}");
        }
        if (!_reachedHalt)
        {
            var pc = _engine.ReadRegister(_pcId);
            notes.Add($"stopped after the budget of {budget} instructions at pc 0x{pc:x}{(_symbolize?.Invoke(pc) is { } where ? $" ({where})" : "")}");
            return Outcome(Verdict.Timeout, monitor, notes);
        }
        if (monitor is not null && monitor.CallsCompleted != monitor.ExpectedCalls.Count)
        {
            // The code returned without making every call it should have: those calls went unchecked.
            var expected = monitor.ExpectedCalls;
            var next = expected[Math.Min(monitor.CallsCompleted, expected.Count - 1)];
            notes.Add($"the {wording.Caller} made {monitor.CallsCompleted} of {expected.Count} calls");
            var missing = new Violation(ViolationKind.MissingCall, "calls", (ulong)expected.Count, (ulong)monitor.CallsCompleted, monitor.CallsCompleted, next.Callee);
            return Outcome(Verdict.Unbalanced, monitor, notes) with { Violations = [missing] };
        }
        return Outcome(Verdict.Balanced, monitor, notes);
    }

    /// <summary>The trap that stopped the engine with <paramref name="err"/>, if a trap did (and no fault or violation).</summary>
    private TrapInfo? TrappedNow(UcError err)
    {
        if (_fault is not null || _monitor is { Violations.Count: > 0 } || _reachedHalt)
        {
            return null;
        }
        if (_trap is null && GuestEvents.IsTrapError(err))
        {
            _trap = GuestEvents.Trap(_engine, _isa, FaultingPc(_engine.ReadRegister(_pcId)), _symbolize);
        }
        return _trap;
    }

    /// <summary>
    /// Ends the current run with <paramref name="fault"/>, for an access the engine allows but the CPU would refuse
    /// (s390x low-address protection of the lowcore's first 512 bytes). The first fault of a run stands.
    /// </summary>
    public void RaiseFault(FaultInfo fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        _fault ??= fault;
        _engine.Stop();
    }

    /// <summary>Removes every hook this installed, so that the engine runs bare (the benchmark's yardstick); no later run is checked.</summary>
    public void RemoveHooks()
    {
        foreach (var hook in _hooks)
        {
            hook.Dispose();
        }
        _hooks.Clear();
        _engine.FlushTranslations();
    }

    private void Reset()
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
    }

    private RunOutcome Outcome(Verdict verdict, CallMonitor? monitor, List<string> notes) =>
        new(verdict, _returnValue ?? _engine.ReadRegister(_pcAndReturnValue[1]), _trap, _fault, CountsInstructions ? _instructions : null,
            monitor is null ? [] : [.. monitor.Violations], notes)
        {
            CallsCompleted = monitor?.CallsCompleted ?? 0,
        };

    /// <summary>After a violation, lets the code carry on unchecked to name the consequence a kernel would see.</summary>
    private string RunOn(ulong expectedSp, ulong budget, CallMonitor monitor, RunWording wording)
    {
        monitor.Enabled = false;
        _trap = null;
        _fault = null;
        _reachedHalt = false;
        var pc = _engine.ReadRegister(_pcId);
        UcError err;
        try
        {
            err = _engine.Run(pc, _haltPage, budget);
        }
        catch (Exception ex) when (wording.RunOnFailure(ex))
        {
            return $"running on after the violation failed: {ex.Message}";
        }
        NoteHaltAtUntil(err, null);
        var sp = _engine.ReadRegister(_isa.StackPointerId);
        var consequence = RunOnConsequence.Describe(_trap, _fault, _reachedHalt, _isa.Abi.StackPointer, sp, expectedSp, err);
        _trap = null;
        _fault = null;
        return $"running on from pc 0x{pc:x} after the violation, the {wording.Run} {consequence}";
    }

    /// <summary>Unicorn stops before executing the until address, so the hook may not have seen the return.</summary>
    private void NoteHaltAtUntil(UcError err, CallMonitor? monitor)
    {
        _returnValue = null;
        if (_reachedHalt || err != UcError.Ok)
        {
            return;
        }
        // The return value comes in the same read: a run that ends here is usually reported next.
        Span<ulong> values = stackalloc ulong[2];
        _engine.ReadRegisters(_pcAndReturnValue, values);
        _returnValue = values[1];
        if (values[0] == _haltPage)
        {
            _reachedHalt = true;
            monitor?.OnHalt(_engine, _haltPage);
        }
    }
}

/// <summary>How a <see cref="CheckedRun"/>'s notes name the code it ran.</summary>
/// <param name="Caller">The code that makes the checked calls: "site", "iterator".</param>
/// <param name="Run">The run as a whole: "site", "fire".</param>
/// <param name="RunOnFailure">Exceptions of running on after a violation that become a note instead of propagating.</param>
public sealed record RunWording(string Caller, string Run, Func<Exception, bool> RunOnFailure)
{
    /// <summary>Running on fails with an engine error only.</summary>
    public static bool EngineErrors(Exception ex) => ex is UnicornException;
}

/// <summary>A run's stack and the unmapped guard below it (see <see cref="CheckedRun.Stack"/>).</summary>
public sealed record StackGuard(ulong GuardStart, ulong Bottom, ulong Top);

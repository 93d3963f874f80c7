using Tpsim.Emulator.Unicorn;

namespace Tpsim.Emulator.Checking;

public sealed partial class CheckedRun
{
    private void InstallHooks()
    {
        if (CountsInstructions)
        {
            _hooks.Add(_engine.AddCodeHook(1, 0, OnInstruction));
            _hooks.Add(_engine.AddBlockHook(1, 0, (_, pc, size) => (_blockStart, _blockSize) = (pc, size)));
        }
        else
        {
            // One block hook, no code hook: Unicorn walks every code hook's range at each instruction once any code hook
            // covers it (the instruction budget's counter covers all), while block hooks are walked once per block. The
            // halt, a client's page and a callee's entry are only ever reached by a branch, so each starts a block; so
            // does every return into a site (see ReturnedIntoTrap for one that lands inside an instruction). The start
            // and size of the last block also place a trap exactly (FaultingPc).
            _hooks.Add(_engine.AddBlockHook(1, 0, OnBlock));
        }
        _hooks.Add(_engine.AddInterruptHook((e, intno) =>
        {
            var pc = e.ReadRegister(_pcId);
            if (pc == _haltPage)
            {
                // s390x raises a program interrupt at an until address reached by a branch; here it is the halt.
                OnHalt(e, pc);
                return;
            }
            if (ReturnedIntoTrap(e, _isa.TrapAddress(intno, pc)))
            {
                return;
            }
            if (_isa.FaultFromException(e, intno, pc) is { } fault)
            {
                _fault ??= fault;
            }
            else
            {
                _trap ??= GuestEvents.Trap(e, _isa, FaultingPc(_isa.TrapAddress(intno, pc)), _symbolize);
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
            _fault ??= new FaultInfo(access, address, access == FaultAccess.Fetch ? address : CountsInstructions ? _lastPc : e.ReadRegister(_pcId));
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
        // Where the ISA tells lengths, walk the block on instruction boundaries: the engine's pc may sit inside an
        // instruction whose tail decodes as a trap (s390x: any halfword starting with byte 0 reads as illegal).
        if (_isa.DecodesInstructionLengths && _isa.TrapEndingBlock(_engine, _blockStart, _blockSize) is { } walked)
        {
            return walked;
        }
        if (enginePc - _blockStart < _blockSize && IsTrapAt(enginePc))
        {
            return enginePc;
        }
        return _isa.TrapEndingBlock(_engine, _blockStart, _blockSize) ?? (CountsInstructions ? _lastPc : enginePc);
    }

    private bool IsTrapAt(ulong pc)
    {
        Span<byte> bytes = stackalloc byte[4];
        return _engine.TryRead(pc, bytes) && _isa.IsTrapInstruction(bytes);
    }

    /// <summary>Without counting, the one hook: every block, dispatched by where it starts.</summary>
    private void OnBlock(Engine engine, ulong pc, uint size)
    {
        _blockStart = pc;
        _blockSize = size;
        if (InSite(pc))
        {
            _lastPc = pc;
            _lastPcInSite = true;
            _monitor?.OnSiteInstruction(engine, pc);
        }
        else if (pc == _haltPage)
        {
            OnHalt(engine, pc);
        }
        else if (DispatchRange.Contains(pc) && Dispatch?.Invoke(pc) == true)
        {
            _lastPc = pc;
            _lastPcInSite = false;
        }
        else
        {
            // A block outside the sites is a call's entry only when a site's last block made it.
            var fromSite = _lastPcInSite;
            _lastPc = pc;
            _lastPcInSite = false;
            if (fromSite)
            {
                OnEntry(engine, pc);
            }
        }
    }

    /// <summary>With counting, the one code hook: counts, halts, dispatches, and feeds the call monitor.</summary>
    private void OnInstruction(Engine engine, ulong pc, uint size)
    {
        _instructions++;
        var wasInSite = _lastPcInSite;
        _lastPc = pc;
        _lastPcInSite = InSite(pc);
        if (pc == _haltPage)
        {
            OnHalt(engine, pc);
            return;
        }
        if (DispatchRange.Contains(pc) && Dispatch?.Invoke(pc) == true)
        {
            return;
        }
        if (wasInSite && !_lastPcInSite)
        {
            OnEntry(engine, pc);
        }
        else if (_lastPcInSite)
        {
            _monitor?.OnSiteInstruction(engine, pc);
        }
    }

    private void OnEntry(Engine engine, ulong pc)
    {
        if (_monitor is { } monitor && _entryTargets.Contains(pc))
        {
            _entered.Add(pc);
            monitor.OnCalleeEntry(engine, pc);
        }
    }

    private void OnHalt(Engine engine, ulong pc)
    {
        _reachedHalt = true;
        _monitor?.OnHalt(engine, pc);
        engine.Stop();
    }

    /// <summary>
    /// A site's block hook sees a callee's return at the block it lands on, before that block runs. A return that
    /// lands inside an instruction (s390x wrong-return) raises at once, before any block hook: then this exception is
    /// that return, checked here as the hook would have, and the run stops with the monitor's violation.
    /// </summary>
    private bool ReturnedIntoTrap(Engine engine, ulong pc)
    {
        if (CountsInstructions || _monitor is not { CallPending: true } monitor || !InSite(pc))
        {
            return false;
        }
        _lastPc = pc;
        _lastPcInSite = true;
        monitor.OnSiteInstruction(engine, pc);
        engine.Stop();
        return true;
    }
}

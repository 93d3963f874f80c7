namespace Tpsim.Emulator.Unicorn;

/// <summary>
/// Workarounds that let a MIPS64 engine of Unicorn 2.0.1 run at all, report where an exception happened,
/// and start the next run cleanly after one. They apply only to engines opened with <see cref="UcArch.Mips"/> and <see cref="UcMode.Mode64"/>.
/// <list type="bullet">
/// <item>
/// <c>uc_emu_start</c> writes the start address through a <c>uint32_t</c> (<c>begin_pc32</c>, "TODO:
/// MIPS32/MIPS64"), and the MIPS64 register writer reads eight bytes from it. The upper half of the PC
/// is whatever follows on the host stack (in Debian's build: the low half of the stack-protector canary),
/// so the first fetch raises an address error (exception 12, AdEL) before any instruction runs.
/// Fixed upstream in 2025 (unicorn-engine/unicorn pull request 2111).
/// </item>
/// <item>
/// Before it calls the interrupt hooks, Unicorn sets the MIPS PC to <c>uc->next_pc</c>, which only a
/// <c>syscall</c> updates, so a hook cannot see the instruction that raised <c>break</c>, a trap, a
/// reserved instruction or an address error.
/// </item>
/// <item>
/// Unicorn skips QEMU's exception entry, so an exception in a branch delay slot leaves hflags saying a
/// branch is pending: the next run would take its first instruction as that delay slot and then jump to
/// the old branch target. The pending branch is cleared before the next run.
/// </item>
/// </list>
/// The engine therefore keeps a code hook on every instruction (the address of the last instruction that
/// began) and an interrupt hook of its own, installed before any other hook. An exception before the first
/// instruction of a run writes the start address to the PC (Unicorn then resumes there) and is not passed
/// on. For any other exception <see cref="ReadRegister"/> reports the instruction that raised it as the PC
/// (for <c>syscall</c> Unicorn's own next PC), from the caller's interrupt hooks and after the run, until
/// the next instruction runs or the PC is written: writing it from the hook would make Unicorn 2.0.1 resume
/// at it even though a hook asked to stop. An exception that no hook of the caller handles stops the run
/// with <see cref="UcError.Exception"/>, as Unicorn does when no interrupt hook is installed.
/// </summary>
public sealed unsafe partial class Engine
{
    /// <summary>unicorn/mips.h <c>UC_MIPS_REG_PC</c>.</summary>
    private const int MipsPc = 1;

    /// <summary>QEMU's <c>EXCP_SYSCALL</c>: Unicorn moves the PC past the <c>syscall</c> itself.</summary>
    private const uint MipsSyscall = 17;

    private readonly HashSet<HookHandle> _interruptHooks = [];
    private bool _mipsInstalled;
    private InterruptHook? _mipsInterrupt;
    private ulong _mipsBegin;
    private ulong _mipsLastPc;
    private bool _mipsExecuted;
    private bool _mipsStartFixed;
    private bool _mipsSwallow;
    private bool _mipsUnhandled;
    private ulong? _mipsPcOverride;
    private bool _mipsBranchStateStale;

    /// <summary>
    /// Bytes from <c>hflags</c> to the end of the saved CPU state (<c>end_reset_fields</c>) in Unicorn 2.0.1's
    /// MIPS64 <c>CPUMIPSState</c>: hflags, btarget, bcond, SYNCI_Step, CCRes, the two rw bitmasks, insn_flags, saarp.
    /// </summary>
    private const int MipsHflagsFromEnd = 48;

    /// <summary>QEMU's MIPS_HFLAG_BMASK: a branch is pending and the next instruction is its delay slot.</summary>
    private const uint MipsBranchMask = 0x87_f800;

    private bool IsMips64 => Arch == UcArch.Mips && Mode.HasFlag(UcMode.Mode64);

    private HookHandle TrackInterruptHook(HookHandle hook)
    {
        _interruptHooks.Add(hook);
        return hook;
    }

    /// <summary>Installs the two hooks before the first hook of the caller or the first run (the CPU model is fixed by then).</summary>
    private void EnsureMips64Workaround()
    {
        if (_mipsInstalled || !IsMips64)
        {
            return;
        }
        _mipsInstalled = true;
        _mipsInterrupt = OnMips64Interrupt;
        AddHook(UcHookType.Interrupt, HookTrampolines.InterruptPtr, _mipsInterrupt, 1, 0);
        AddHook(UcHookType.Code, HookTrampolines.CodePtr, (CodeHook)OnMips64Instruction, 1, 0);
    }

    /// <summary>True while the interrupt being delivered is the one the start-address workaround consumed.</summary>
    internal bool SkipsInterrupt(Delegate callback) => _mipsSwallow && !ReferenceEquals(callback, _mipsInterrupt);

    private void BeginMips64Run(ulong begin)
    {
        if (!IsMips64)
        {
            return;
        }
        EnsureMips64Workaround();
        if (_mipsBranchStateStale)
        {
            ClearMips64PendingBranch();
        }
        _mipsBegin = begin;
        _mipsLastPc = begin;
        _mipsExecuted = false;
        _mipsStartFixed = false;
        _mipsSwallow = false;
        _mipsUnhandled = false;
        _mipsPcOverride = null;
    }

    /// <summary>The PC to report instead of Unicorn's while an exception is delivered, and after a run it ended.</summary>
    private ulong? Mips64PcOverride(int id) => id == MipsPc && IsMips64 ? _mipsPcOverride : null;

    private void ForgetMips64PcOverride(int id)
    {
        if (id == MipsPc)
        {
            _mipsPcOverride = null;
        }
    }

    /// <summary>
    /// An exception in a delay slot leaves QEMU's hflags saying a branch is pending (Unicorn skips the
    /// exception entry that would clear it), so the first instruction of the next run would be taken as
    /// that delay slot and be followed by a jump to the stale branch target. No run starts in a delay slot.
    /// </summary>
    private void ClearMips64PendingBranch()
    {
        _mipsBranchStateStale = false;
        using var context = SaveContext();
        var raw = context.DangerousGetHandle();
        var stateSize = (long)System.Runtime.InteropServices.Marshal.ReadIntPtr(raw);
        var offset = checked((int)(Isa.GuestRegisters.ContextHeaderSize + stateSize - MipsHflagsFromEnd));
        var hflags = unchecked((uint)System.Runtime.InteropServices.Marshal.ReadInt32(raw, offset));
        if ((hflags & MipsBranchMask) != 0)
        {
            System.Runtime.InteropServices.Marshal.WriteInt32(raw, offset, unchecked((int)(hflags & ~MipsBranchMask)));
            RestoreContext(context);
        }
    }

    private UcError EndMips64Run(UcError err) =>
        IsMips64 && _mipsUnhandled && err == UcError.Ok ? UcError.Exception : err;

    private void OnMips64Instruction(Engine engine, ulong address, uint size)
    {
        _mipsExecuted = true;
        _mipsLastPc = address;
        _mipsSwallow = false;
        _mipsPcOverride = null;
    }

    private void OnMips64Interrupt(Engine engine, uint interruptNumber)
    {
        _mipsSwallow = false;
        if (!_mipsExecuted && !_mipsStartFixed)
        {
            // The PC uc_emu_start wrote is wrong in its upper half: start again where the caller asked.
            _mipsStartFixed = true;
            _mipsSwallow = true;
            WriteRegister(MipsPc, _mipsBegin);
            return;
        }
        // Writing the PC from an interrupt hook makes Unicorn 2.0.1 resume there even when a hook asks it to
        // stop, so the faulting instruction is reported through ReadRegister instead.
        _mipsPcOverride = interruptNumber == MipsSyscall ? null : _mipsLastPc;
        _mipsBranchStateStale = true;
        if (_interruptHooks.Count == 0)
        {
            _mipsUnhandled = true;
            Stop();
        }
    }
}

namespace Tpsim.Emulator.Unicorn;

/// <summary>
/// Two workarounds that let a MIPS64 engine of Unicorn 2.0.1 run at all, and report where an exception
/// happened. Both apply only to engines opened with <see cref="UcArch.Mips"/> and <see cref="UcMode.Mode64"/>.
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
/// </list>
/// The engine therefore keeps a code hook on every instruction (the address of the last instruction that
/// began) and an interrupt hook of its own, installed before any other hook. An exception before the first
/// instruction of a run puts the PC at the start address and is not passed on; any other exception puts
/// the PC back on the instruction that raised it (for <c>syscall</c> Unicorn's next PC is kept) before the
/// caller's interrupt hooks run. An exception that no hook of the caller handles stops the run with
/// <see cref="UcError.Exception"/>, as Unicorn does when no interrupt hook is installed.
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
        _mipsBegin = begin;
        _mipsLastPc = begin;
        _mipsExecuted = false;
        _mipsStartFixed = false;
        _mipsSwallow = false;
        _mipsUnhandled = false;
    }

    private UcError EndMips64Run(UcError err) =>
        IsMips64 && _mipsUnhandled && err == UcError.Ok ? UcError.Exception : err;

    private void OnMips64Instruction(Engine engine, ulong address, uint size)
    {
        _mipsExecuted = true;
        _mipsLastPc = address;
        _mipsSwallow = false;
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
        if (interruptNumber != MipsSyscall)
        {
            WriteRegister(MipsPc, _mipsLastPc);
        }
        if (_interruptHooks.Count == 0)
        {
            _mipsUnhandled = true;
            Stop();
        }
    }
}

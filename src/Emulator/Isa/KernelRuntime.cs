namespace Tpsim.Emulator.Isa;

/// <summary>
/// What unmodified kernel code built by kbuild needs of the CPU beyond the psABI, per ISA: the routines the kernel
/// provides as machine code by nature (x86 retpoline and return thunks), where per-CPU data and <c>current</c> live
/// (x86_64 %gs, arm64 SP_EL0 and TPIDR_EL1, riscv64 tp), and how its self-patching code is patched (jump labels,
/// static calls), as the kernel's arch code does it.
/// </summary>
public abstract class KernelRuntime
{
    /// <summary>Routines the kernel writes in assembly, by symbol; <see cref="KernelRoutine.InCallPath"/> ones pass a call on to its callee.</summary>
    public virtual IReadOnlyList<KernelRoutine> Routines => [];

    /// <summary>Per-CPU variables the ISA's code reaches relative to the per-CPU base (x86_64 <c>pcpu_hot</c>), with their sizes.</summary>
    public virtual IReadOnlyList<(string Name, int Size)> PerCpuVariables => [];

    /// <summary>Other kernel data the ISA's boot points at (mips <c>init_thread_union</c>), with their sizes: defined zeroed in the kernel's data.</summary>
    public virtual IReadOnlyList<(string Name, int Size)> KernelData => [];

    /// <summary>Whether a per-CPU symbol's value is its offset in the per-CPU area (x86_64 zero-based per-CPU), not an address.</summary>
    public virtual bool PerCpuSymbolsAreOffsets => false;

    /// <summary>
    /// Machine code, run once at boot, that points the CPU at <paramref name="perCpuBase"/> (the kernel's own wrmsr and
    /// msr) and makes <paramref name="currentTask"/> <c>current</c>: in a register, or in the per-CPU word at
    /// <paramref name="currentSlot"/> (the value of <see cref="CurrentTaskVariable"/>'s symbol) where the ISA keeps it there.
    /// </summary>
    public abstract byte[] BootCode(ulong perCpuBase, ulong currentTask, ulong currentSlot);

    /// <summary>The variable (of <see cref="PerCpuVariables"/> or <see cref="KernelData"/>) whose first word is <c>current</c> (x86 <c>pcpu_hot</c>, mips's thread_info), or null.</summary>
    public virtual string? CurrentTaskVariable => null;

    /// <summary>The bytes of a jump label at <paramref name="site"/>: a jump to <paramref name="target"/>, or the no-op; <paramref name="now"/> is what is there.</summary>
    public abstract byte[] JumpLabel(ReadOnlySpan<byte> now, ulong site, ulong target, bool jump);

    /// <summary>How many bytes a jump label site may span, to read before <see cref="JumpLabel"/>.</summary>
    public virtual int JumpLabelMaxSize => 4;

    /// <summary>A static call trampoline's bytes for <paramref name="function"/> (0: return at once); null where static calls are out-of-line function pointers.</summary>
    public virtual byte[]? StaticCallTrampoline(ulong trampoline, ulong function) => null;

    /// <summary>
    /// Registers the model's ABI reserves (<see cref="AbiDescription.Reserved"/>) that this kernel build compiles as
    /// ordinary temporaries, so a callee may change them: arm64's x18 outside SHADOW_CALL_STACK.
    /// </summary>
    public virtual IReadOnlySet<string> UnreservedRegisters(Toolchain.BuildSpec build) => new HashSet<string>();

    /// <summary>
    /// The register that holds the task's shadow call stack pointer in <paramref name="build"/> when the kernel, not the
    /// engine, sets it up (riscv64 gp under scs: scs_load_current at entry); null when there is none to set.
    /// </summary>
    public virtual string? ShadowCallStackRegister(Toolchain.BuildSpec build) => null;

    /// <summary>
    /// Whether the kernel keeps CPU 0's state in a lowcore at absolute address 0 (s390x: <c>current</c>, the preempt
    /// count): the machine maps it at boot, as big as the build's <c>struct lowcore</c>, and fills those fields.
    /// </summary>
    public virtual bool KeepsLowCore => false;

    /// <summary>
    /// Mapped ranges [Start, End) a store to faults although the memory is writable (s390x low-address protection:
    /// the lowcore's bytes 0-511 and 4096-4607), so a NULL write faults as on the hardware.
    /// </summary>
    public virtual IReadOnlyList<(ulong Start, ulong End)> StoreProtected => [];

    /// <summary>
    /// Whether the kernel keeps CPU 0's state in a paca that a register points at (ppc64 r13, <c>local_paca</c>):
    /// <see cref="BootCode"/> points it at the per-CPU area's start, where the machine writes <c>current</c> at this
    /// build's offset in <c>struct paca_struct</c>.
    /// </summary>
    public virtual bool KeepsPaca => false;

    /// <summary>
    /// The backend the kernel's code runs under where kbuild builds it for another ABI than the model's (ppc64: ELFv2,
    /// for the model's ELFv1): its relocations, function pointers, frame header and bridge. Null: the ISA's own.
    /// </summary>
    public virtual IsaBackend? KernelAbiBackend => null;

    /// <summary>The preempt count of a CPU running with preemption enabled (s390x keeps PREEMPT_NEED_RESCHED inverted: 0x80000000).</summary>
    public virtual uint InitialPreemptCount => 0;

    /// <summary>The length of the BUG/WARN trap instruction at the start of <paramref name="code"/>: where report_bug's caller resumes.</summary>
    public abstract int BugInstructionLength(ReadOnlySpan<byte> code);
}

/// <summary>A kernel routine written in machine code.</summary>
/// <param name="InCallPath">True when it jumps on to the callee of the call that reached it (an indirect-call thunk): code that calls through it is still the calling site.</param>
public sealed record KernelRoutine(string Name, byte[] Code, bool InCallPath);

using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Emulator.Isa;

/// <summary>
/// Everything tpsim knows about one instruction set. Each <c>src/Arch/&lt;isa&gt;</c> project holds one
/// subclass built from the same set of files (Abi, RegisterMap, Relocations, Toolchain, site.S, stub.S).
/// </summary>
public abstract class IsaBackend
{
    /// <summary>Lower-case ISA name used on the command line and in reports (x86_64, arm64, riscv64, i386, s390x, arm, mips64, ppc64).</summary>
    public abstract string Name { get; }

    /// <summary>Other spellings of <see cref="Name"/> a user may type (uname -m, Debian arch, GNU triple names).</summary>
    public virtual IReadOnlyList<string> Aliases => [];

    /// <summary>How the cross-check links and runs this ISA's programs (<c>CrossCheck/harness.S</c> in the ISA folder).</summary>
    public abstract OracleTarget Oracle { get; }

    public abstract AbiDescription Abi { get; }

    public abstract RegisterMap Registers { get; }

    public abstract IRelocator Relocator { get; }

    public abstract ToolchainSettings Toolchain { get; }

    /// <summary>How emulated code on this ISA calls into kernel functions written in C#.</summary>
    public abstract CallBridge Bridge { get; }

    /// <summary>The bridge for code of one build: arm's thumb2 kernel needs Thumb slots. <see cref="Bridge"/> by default.</summary>
    public virtual CallBridge BridgeFor(BuildSpec build) => Bridge;

    /// <summary>Where the harness lays out code and data; chosen so the ISA's code model can reach it.</summary>
    public abstract ulong KernelBase { get; }

    /// <summary>
    /// The kernel's stack per task (THREAD_SIZE) with 4 KiB pages and no KASAN: 16 KiB on the 64-bit ISAs here, 8 KiB
    /// on i386 and arm. Runs get a stack of exactly this size with an unmapped guard below it.
    /// </summary>
    public virtual ulong ThreadSize => 0x4000;

    /// <summary>Bytes of an instruction that never returns to the caller and stops emulation cleanly (a trap at the halt address).</summary>
    public abstract byte[] HaltInstruction { get; }

    /// <summary>Opens an engine in this ISA's mode and prepares the CPU (FPU enable, CPU model).</summary>
    public abstract Engine CreateEngine();

    /// <summary>
    /// An engine prepared for code of one build: a config may need CPU state the default does not (arm64
    /// pac-bti needs the "max" CPU with pointer authentication enabled). By default the same as <see cref="CreateEngine()"/>.
    /// </summary>
    public virtual Engine CreateEngine(BuildSpec build) => CreateEngine();

    /// <summary>
    /// The instruction address a code address (a return address, a branch target) stands for: itself, except on
    /// arm, where bit 0 selects Thumb state. Unicorn runs code hooks at this address.
    /// </summary>
    public virtual ulong InstructionAddress(ulong pointer) => pointer;

    /// <summary>
    /// A CPU exception (Unicorn's interrupt hook) that is really a failed access, such as an arm64 prefetch abort
    /// on a fetch from an address the MMU-less CPU refuses. Null when the exception is a trap (brk, udf).
    /// </summary>
    public virtual FaultInfo? FaultFromException(Engine engine, uint interruptNumber, ulong pc) => null;

    /// <summary>
    /// The bits of a pointer that address memory: all by default; arm64 leaves out bits 63:48, which hold a
    /// pointer-authentication code or its poison (where autiasp puts its error code depends on TBI, on for Linux
    /// user space and off in tpsim's kernel-like setup, so those bits differ between the two executors).
    /// </summary>
    public virtual ulong AddressMask => ulong.MaxValue;

    /// <summary>
    /// The value a stub case seeds into a callee-saved register that the platform owns and compiled code may
    /// dereference (arm64 x18, the shadow call stack pointer under scs), or null for a distinct magic value.
    /// </summary>
    public virtual ulong? PlatformRegisterSeed(string register) => null;

    /// <summary>Whether the CPU now runs its alternate instruction set (arm: Thumb), which decodes the same bytes differently.</summary>
    public virtual bool InAlternateInstructionSet(Engine engine) => false;

    /// <summary>
    /// The address of the instruction that raised CPU exception <paramref name="interruptNumber"/>, given the pc
    /// Unicorn's interrupt hook reads. That pc by default; Unicorn 2.0.1's ppc64 reads the address after the
    /// trapping instruction there (see the ppc64 backend).
    /// </summary>
    public virtual ulong TrapAddress(uint interruptNumber, ulong pc) => pc;

    /// <summary>
    /// Where the code of the function that a C function pointer designates starts. A function pointer, like a
    /// function symbol's value, is that address itself on every ISA but ppc64 ELFv1, where it is the address of a
    /// function descriptor {entry, TOC, environment} in .opd and the code starts at the descriptor's first
    /// doubleword. Callee-entry hooks and runs go to this address; a funcs array holds the pointer.
    /// </summary>
    public virtual ulong CodeAddress(IEmulatedMemory memory, ulong functionPointer) => InstructionAddress(functionPointer);

    /// <summary>
    /// What to hand Unicorn as the start address when calling through <paramref name="functionPointer"/>: the
    /// <see cref="CodeAddress"/>, except on arm, where the pointer keeps bit 0 so that Unicorn starts in Thumb state.
    /// </summary>
    public virtual ulong EntryPoint(IEmulatedMemory memory, ulong functionPointer) => CodeAddress(memory, functionPointer);

    /// <summary>
    /// Loads what a caller loads along with the target when it calls through <paramref name="functionPointer"/>:
    /// nothing by default; ppc64 ELFv1 loads r2 (the callee's TOC) and r11 (its environment) from the descriptor.
    /// The harness calls it after <see cref="CallPlacement.Place"/> and then runs from <see cref="CodeAddress"/>.
    /// </summary>
    public virtual void PrepareIndirectCall(Engine engine, ulong functionPointer)
    {
    }

    /// <summary>
    /// Hand-written sources (names under the ISA root) of objects that every kernel object links against, which
    /// the harness assembles and loads ahead of all other code, exporting their symbols. None by default; ppc64
    /// ships crtsavres.S, the ABI's out-of-line register save and restore routines that GCC calls at -Os (the
    /// kernel links arch/powerpc/lib/crtsavres.o into every module).
    /// </summary>
    public virtual IReadOnlyList<string> SupportSources => [];

    /// <summary>
    /// Why code on this ISA cannot run correctly without tpsim's managed hooks (a defect of Unicorn 2.0.1 that a hook
    /// repairs), or null: the benchmark's bare C loop names it when it cannot run a fire.
    /// </summary>
    public virtual string? UnhookedRunLimit => null;

    /// <summary>How this ISA spells the behaviours of generated stubs (the cross-check's case generator).</summary>
    public abstract StubGrammar Grammar { get; }

    /// <summary>The ids of <see cref="AbiDescription.IntegerArguments"/>, in order (every call placed from the host names them).</summary>
    public IReadOnlyList<int> ArgumentRegisterIds => _argumentRegisterIds ??= [.. Abi.IntegerArguments.Select(name => Registers[name])];

    private int[]? _argumentRegisterIds;

    /// <summary>The id of <see cref="AbiDescription.StackPointer"/>.</summary>
    public int StackPointerId => _stackPointerId ??= Registers[Abi.StackPointer];

    private int? _stackPointerId;

    /// <summary>The id of <see cref="AbiDescription.LinkRegister"/>; the ABI must have one.</summary>
    public int LinkRegisterId => _linkRegisterId ??= Registers[Abi.LinkRegister ?? throw new InvalidOperationException($"{Name} has no link register")];

    private int? _linkRegisterId;

    /// <summary>Decodes instruction bytes as a trap: its text for a report ("ud2", "brk #0x1") and the kind of trap it raises, if any.</summary>
    public abstract DecodedInstruction DecodeTrap(ReadOnlySpan<byte> bytes);

    /// <summary>The text of <see cref="DecodeTrap"/>: the trapping instruction as a report shows it.</summary>
    public string DescribeTrap(ReadOnlySpan<byte> bytes) => DecodeTrap(bytes).Text;

    /// <summary>
    /// The lengths in bytes an instruction that traps can have on this ISA, most likely first: a trap ends its
    /// translated block, so <see cref="TrapEndingBlock"/> looks for it this far before the block's end.
    /// </summary>
    public virtual IReadOnlyList<int> TrapLengths => [4];

    /// <summary>
    /// The trapping instruction that ends the block at [<paramref name="start"/>, <paramref name="start"/> +
    /// <paramref name="size"/>): the last instruction, when <see cref="DescribeTrap"/> names it as a trap; else null.
    /// Unicorn 2.0.1 leaves the pc it reports for a trap at the last instruction it had to synchronise, which for
    /// most ISAs is an earlier one, while a block hook sees every block's start and size.
    /// </summary>
    public ulong? TrapEndingBlock(Engine engine, ulong start, uint size)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Span<byte> bytes = stackalloc byte[8];
        if (engine.TryRead(start, bytes[..2]) && InstructionLength(bytes[..2]) is not null)
        {
            // Walk the block to its first trap, which is the one that ended it. Unicorn 2.0.1 (riscv64) leaves an illegal
            // instruction out of the size it reports, so the instruction that starts at the reported end is looked at too.
            for (var at = start; at <= start + size;)
            {
                if (!engine.TryRead(at, bytes[..2]) || InstructionLength(bytes[..2]) is not { } length || !engine.TryRead(at, bytes[..length]))
                {
                    return null;
                }
                if (IsTrapInstruction(bytes[..length]))
                {
                    return at;
                }
                at += (ulong)length;
            }
            return null;
        }
        foreach (var length in TrapLengths)
        {
            if (size == 0 && engine.TryRead(start, bytes[..length]) && IsTrapInstruction(bytes[..length]))
            {
                return start;
            }
            if (length > size)
            {
                continue;
            }
            var at = start + size - (ulong)length;
            if (engine.TryRead(at, bytes[..length]) && IsTrapInstruction(bytes[..length]))
            {
                return at;
            }
        }
        return null;
    }

    /// <summary>
    /// The length of the instruction that starts with <paramref name="bytes"/> (at least its first two), when the ISA
    /// tells it from those; null where it does not (variable-length x86, mode-dependent Arm), and for an empty span.
    /// </summary>
    public virtual int? InstructionLength(ReadOnlySpan<byte> bytes) => null;

    /// <summary>Whether <see cref="InstructionLength"/> tells lengths on this ISA (probed on two zero bytes).</summary>
    public bool DecodesInstructionLengths => _decodesLengths ??= InstructionLength(stackalloc byte[2]) is not null;

    private bool? _decodesLengths;

    /// <summary>
    /// Whether <paramref name="code"/>, a run of instructions, may write a floating-point register: false only when the
    /// ISA decodes every instruction in it and none does. True (not known) unless the ISA says otherwise.
    /// </summary>
    public virtual bool MayWriteFloatRegisters(ReadOnlySpan<byte> code) => true;

    /// <summary>The field that records an FP register write, where the CPU has one (riscv64); null otherwise.</summary>
    public virtual FloatStateTracking? FloatState => null;

    /// <summary>
    /// The id by which a reader that takes many registers at every call and return (the per-call checks) reads
    /// <paramref name="registerId"/>: its word in the saved CPU state (<see cref="GuestRegisters.ContextWord"/>) where
    /// one <c>uc_context_save</c> costs less than <c>uc_reg_read_batch</c> (riscv64), else the id itself.
    /// </summary>
    public virtual int BulkReadId(int registerId) => registerId;

    /// <summary>What unmodified kernel code needs of this ISA's CPU (<see cref="Isa.KernelRuntime"/>); null where tpsim runs no real kernel yet.</summary>
    public virtual KernelRuntime? KernelRuntime => null;

    /// <summary>Whether <paramref name="bytes"/>, a whole instruction, is one <see cref="DecodeTrap"/> names as a trap.</summary>
    public bool IsTrapInstruction(ReadOnlySpan<byte> bytes) => DecodeTrap(bytes).Trap is not null;

    /// <summary>
    /// When the trap at <paramref name="trapPc"/> is the failure branch of a Clang <c>-fsanitize=kcfi</c>
    /// call check, decodes it from the instruction bytes before the trap and the registers at the trap:
    /// the type hash the site expects, the word it read in front of the target, and the target. Null for
    /// any other trap, and on an ISA that does not decode kCFI.
    /// </summary>
    public virtual KcfiCheck? DecodeKcfi(Engine engine, ulong trapPc) => null;

    /// <summary>
    /// The kind of the trap the engine stopped at, when the ISA can tell it from the CPU state rather than the
    /// instruction bytes (arm64: "bti", a Branch Target exception, PSTATE.BTYPE set at a non-landing pad); null otherwise.
    /// </summary>
    public virtual TrapKind? TrapFromCpuState(Engine engine, ulong trapPc) => null;

    /// <summary>
    /// Negative controls this ISA ships under Controls/. Each file states its own expectation in a line
    /// <c>expect: VERDICT [VIOLATION-KIND]</c> and its purpose in <c>what: ...</c>, so adding a control
    /// is adding a file.
    /// </summary>
    public IReadOnlyList<ControlStub> Controls => _controls ??= ControlStub.Discover(this);

    private IReadOnlyList<ControlStub>? _controls;

    /// <summary>Names of the embedded resources under <paramref name="folder"/>, relative to the ISA root.</summary>
    public IEnumerable<string> ListSources(string folder)
    {
        var prefix = $"{Name}/{folder}/";
        return GetType().Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n => n[(Name.Length + 1)..])
            .Order(StringComparer.Ordinal);
    }

    /// <summary>Reads a hand-written source shipped in the ISA assembly (site.S, stub.S, Controls/*.S).</summary>
    public string ReadSource(string relativePath)
    {
        var asm = GetType().Assembly;
        var name = $"{Name}/{relativePath}";
        using var s = asm.GetManifestResourceStream(name)
            ?? throw new FileNotFoundException($"{Name} backend ships no source '{relativePath}'", name);
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }
}


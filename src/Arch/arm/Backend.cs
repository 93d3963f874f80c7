using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Arch.Arm;

/// <summary>
/// 32-bit Arm (ARMv7-A, AAPCS-linux, soft-float): arguments in r0-r3 then in 4-byte stack slots the caller
/// pops, return address in lr, ELF32 objects with REL relocations, ARM and Thumb-2 code.
/// </summary>
/// <remarks>
/// The Thumb bit: a function pointer, a Thumb function's symbol and lr after a call from Thumb code have
/// bit 0 set; the CPU strips it, runs in Thumb state, and executes (and Unicorn hooks) the even address.
/// Unicorn's <c>uc_emu_start</c> does the same with its begin address (bit 0 set: start in Thumb state),
/// which is how a run starts at a Thumb entry; the halt address is even, so the final <c>bx lr</c> or
/// <c>pop {..., pc}</c> returns to it in ARM state, where <see cref="HaltInstruction"/> is an ARM UDF.
/// Whatever compares a hooked pc with a code pointer must compare <see cref="ExecutionAddress"/> of the pointer.
/// </remarks>
public sealed class ArmBackend : IsaBackend
{
    public override string Name => "arm";

    /// <summary>THREAD_SIZE of a 32-bit kernel: 8 KiB (two pages).</summary>
    public override ulong ThreadSize => 0x2000;

    /// <summary>Names other toolchains use (uname -m, Debian arch, GNU triples), so a user's habit still works.</summary>
    public override IReadOnlyList<string> Aliases => ["arm32", "armv7", "armhf", "armel", "aarch32"];

    public override OracleTarget Oracle { get; } = new("qemu-arm", [], "ld.lld-19", ["--image-base=0x400000"])
    {
        // struct ucontext: uc_mcontext at 20, then trap_no, error_code, oldmask and r0-r15: pc at 92.
        ContextPcOffset = 92,
        ReportsCalleeSavedRegisters = true,
    };

    public override AbiDescription Abi => Arm.Abi.Description;

    public override RegisterMap Registers => RegisterIds.Map;

    public override IRelocator Relocator { get; } = new Relocations();

    public override CallBridge Bridge { get; } = new ArmCallBridge();

    private readonly CallBridge _thumbBridge = new ArmThumbCallBridge();

    public override CallBridge BridgeFor(BuildSpec build) => build.Config == BuildConfigs.Thumb2 ? _thumbBridge : Bridge;

    public override Emulator.Isa.StubGrammar Grammar => Arm.StubGrammar.Grammar;

    public override ToolchainSettings Toolchain => Arm.Toolchain.Settings;

    /// <summary>
    /// MODULES_VADDR of a 3G/1G ARM kernel (PAGE_OFFSET 0xc0000000 less 16 MiB), where modules are loaded:
    /// everything the harness places is a module here, and the largest layout (about 0x2100_0000 bytes)
    /// still ends below 4 GiB. The MMU is off, so these are also physical addresses.
    /// </summary>
    public override ulong KernelBase => 0xbf00_0000;

    public override byte[] HaltInstruction => [0xf0, 0x00, 0xf0, 0xe7]; // udf #0 (ARM, 0xe7f000f0)

    /// <summary>unicorn/arm.h <c>UC_CPU_ARM_CORTEX_A15</c>: an ARMv7-A core with Thumb-2, the kernel build's -march=armv7-a.</summary>
    public const int CortexA15 = 17;

    /// <summary>A Cortex-A15 (Unicorn's default for UC_MODE_ARM, chosen explicitly), in SVC mode with the MMU off and VFP disabled.</summary>
    public override Engine CreateEngine() => new(UcArch.Arm, UcMode.Arm, CortexA15);

    public override DecodedInstruction DecodeTrap(ReadOnlySpan<byte> bytes) => Traps.Describe(bytes);

    /// <summary>ARM and Thumb-2 udf/bkpt; Thumb udf/bkpt.</summary>
    public override IReadOnlyList<int> TrapLengths => [4, 2];

    public override KcfiCheck? DecodeKcfi(Engine engine, ulong trapPc) => Kcfi.Decode(engine, trapPc);

    /// <summary>
    /// The address the CPU executes for a code pointer: the pointer without the Thumb bit. Function pointers,
    /// Thumb symbols and lr after a call from Thumb code are odd; pc, and the address Unicorn passes to a code
    /// hook, never are.
    /// </summary>
    public static ulong ExecutionAddress(ulong pointer) => pointer & ~1UL;

    public override ulong InstructionAddress(ulong pointer) => ExecutionAddress(pointer);

    /// <summary>Unicorn starts in Thumb state when the begin address has bit 0 set, so the pointer is kept as is.</summary>
    public override ulong EntryPoint(IEmulatedMemory memory, ulong functionPointer) => functionPointer;

    /// <summary>Whether a code pointer selects Thumb state (bit 0, as <c>bx</c>/<c>blx</c> read it).</summary>
    public static bool IsThumb(ulong pointer) => (pointer & 1) != 0;

    public override bool InAlternateInstructionSet(Engine engine) => InThumbState(engine);

    /// <summary>Whether the CPU is in Thumb state now (CPSR.T).</summary>
    public static bool InThumbState(Engine engine) => (engine.ReadRegister(RegisterIds.Cpsr) & RegisterIds.CpsrThumb) != 0;

    public override Emulator.Isa.KernelRuntime KernelRuntime { get; } = new KernelRuntime();
}

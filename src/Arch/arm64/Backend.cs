using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Arch.Arm64;

/// <summary>arm64 (AAPCS64): arguments in x0-x7 then on the stack, return address in x30.</summary>
public sealed class Arm64Backend : IsaBackend
{
    public override string Name => "arm64";

    /// <summary>Names other toolchains use (uname -m, Debian arch, GNU triples), so a user's habit still works.</summary>
    public override IReadOnlyList<string> Aliases => ["aarch64"];

    public override OracleTarget Oracle { get; } = new("qemu-aarch64", ["-cpu", "max"], "ld.lld-19", ["--image-base=0x400000"])
    {
        // qemu-user guards pages with BTI only for a program whose GNU property note says so; the kernel's
        // pac-bti objects carry it, tpsim's harness and hand-written stubs do not, so it is forced.
        BuildLinkerArguments = new Dictionary<string, IReadOnlyList<string>> { ["pac-bti"] = ["-z", "force-bti"] },
        // struct ucontext: uc_mcontext at 176 (after the 128-byte sigset area), then fault_address, x0-x30, sp, pc.
        ContextPcOffset = 440,
        ReportsCalleeSavedRegisters = true,
    };

    public override AbiDescription Abi => Arm64.Abi.Description;

    public override RegisterMap Registers => RegisterIds.Map;

    public override IRelocator Relocator { get; } = new Relocations();

    public override CallBridge Bridge { get; } = new Arm64CallBridge();

    public override Emulator.Isa.StubGrammar Grammar => Arm64.StubGrammar.Grammar;

    public override ToolchainSettings Toolchain => Arm64.Toolchain.Settings;

    /// <summary>Low, because the emulated CPU runs with VA = PA: the MMU off, or (pac-bti) on over an identity map.</summary>
    public override ulong KernelBase => 0x4000_0000;

    /// <summary>Below every harness and kernel layout, which all start at <see cref="KernelBase"/>.</summary>
    public const ulong ShadowCallStack = 0x3ff0_0000;

    public const ulong ShadowCallStackSize = 0x1_0000;

    public override byte[] HaltInstruction => [0x00, 0x00, 0x20, 0xd4]; // brk #0

    public override Engine CreateEngine() => Prepare(new Engine(UcArch.Arm64, UcMode.Arm));

    /// <summary>
    /// pac-bti gets the "max" CPU (ARMv8.x with FEAT_PAuth) and real pointer authentication with key A
    /// (see <see cref="PointerAuth"/>), and real BTI: the MMU on over a guarded identity map. Every other build the default CPU,
    /// where the bti and pac hints are NOPs.
    /// </summary>
    public override Engine CreateEngine(BuildSpec build)
    {
        if (build.Config.Name != BuildConfigs.PacBti.Name)
        {
            return CreateEngine();
        }
        // The CPU model must be chosen before anything creates the CPU, so it comes with the engine.
        var engine = Prepare(new Engine(UcArch.Arm64, UcMode.Arm, Engine.Arm64CpuMax));
        try
        {
            PointerAuth.Enable(engine);
        }
        catch
        {
            engine.Dispose();
            throw;
        }
        return engine;
    }

    private static Engine Prepare(Engine engine)
    {
        try
        {
            // CPACR_EL1.FPEN = 0b11: without it any access to d8-d15 traps at EL1.
            engine.WriteRegister(RegisterIds.CpacrEl1, 3UL << 20);
            // x18 points at a shadow call stack, as the kernel sets it up per task: code built with
            // -fsanitize=shadow-call-stack (the scs config) pushes return addresses there.
            engine.Map(ShadowCallStack, ShadowCallStackSize, UcProt.Read | UcProt.Write);
            engine.WriteRegister(RegisterIds.Map["x18"], ShadowCallStack);
            return engine;
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    /// <summary>48-bit virtual addresses: bits 63:48 carry a PAC field or tag (see <see cref="IsaBackend.AddressMask"/>).</summary>
    public override ulong AddressMask => 0x0000_ffff_ffff_ffffUL;

    /// <summary>x18 is seeded with the shadow call stack's base, as the engine starts: scs code pushes return addresses through it.</summary>
    public override ulong? PlatformRegisterSeed(string register) => register == "x18" ? ShadowCallStack : null;

    public override DecodedInstruction DecodeTrap(ReadOnlySpan<byte> bytes) => Traps.Describe(bytes);

    /// <summary>QEMU's EXCP_PREFETCH_ABORT (3): the fetch of the instruction at pc failed, e.g. a poisoned pointer-authenticated address.</summary>
    public override FaultInfo? FaultFromException(Engine engine, uint interruptNumber, ulong pc) =>
        interruptNumber == 3 ? new FaultInfo(FaultAccess.Fetch, pc, pc) : null;

    public override Emulator.Isa.KernelRuntime KernelRuntime { get; } = new KernelRuntime();

    public override KcfiCheck? DecodeKcfi(Engine e, ulong pc) => Kcfi.Decode(e, pc);

    /// <summary>
    /// "bti" when PSTATE.BTYPE is set at the trap: the CPU stopped on the first instruction after an indirect
    /// branch, which in a guarded page (pac-bti) raised a Branch Target exception (interrupt 1) for not being a
    /// matching landing pad. BTYPE stays 0 on the default CPU, which has no FEAT_BTI.
    /// </summary>
    public override TrapKind? TrapFromCpuState(Engine engine, ulong trapPc) =>
        PointerAuth.BranchType(engine) != 0 ? TrapKind.Bti : null;

    /// <summary>A run begins at its entry, not by a branch: clears the BTYPE a Branch Target exception may have left behind.</summary>
    public override void PrepareIndirectCall(Engine engine, ulong functionPointer) => PointerAuth.ClearBranchType(engine);
}

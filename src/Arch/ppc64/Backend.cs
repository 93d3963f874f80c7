using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Arch.Ppc64;

/// <summary>
/// 64-bit PowerPC, big-endian, ELFv1: arguments in r3-r10 then in the caller's parameter save area at 112(r1),
/// return address in LR, function pointers that point at function descriptors, big-endian ELF64 objects with
/// RELA relocations. A 6.12 kernel is ELFv2, which the private variant this backend's <see cref="KernelRuntime"/>
/// names runs (see the ELFv2 constructor).
/// </summary>
/// <remarks>
/// <para>Unicorn 2.0.1 runs ppc64, although unicorn.h still calls UC_MODE_PPC64 "currently unsupported", with
/// two quirks this backend works around:</para>
/// <list type="bullet">
/// <item>The only 64-bit CPU it can create is its default, a POWER10: <c>uc_ctl_set_cpu_model</c> indexes
/// QEMU's CPU table without the offset of the 64-bit entries, so UC_CPU_PPC64_* (0..18) selects the 32-bit
/// 401..MPC8xx cores instead (their MSR comes up 0 and a 64-bit instruction such as <c>sldi</c> raises
/// interrupt 96).</item>
/// <item>That POWER10 starts with MSR = SF only: 64-bit mode, translation off, but not hypervisor state. With
/// MSR[HV] clear, real-mode fetches go through the partition's real-mode area, whose size register is 0, so
/// the very first fetch raises a hypervisor instruction storage interrupt (70) and nothing runs. A register
/// write cannot set HV (Unicorn stores MSR with the HV bit kept), so <see cref="CreateEngine()"/> sets it in the
/// saved CPU state (<c>CPUPPCState.msr</c>, 640 bytes in, after gpr[32], gprh[32], lr, ctr, crf[8], cfar, xer,
/// so, ov, ca, ov32, ca32 and the three reserve words) and then writes MSR through Unicorn, which keeps the HV
/// bit and recomputes QEMU's derived flags. A bare-metal (powernv) kernel runs in hypervisor state too.</item>
/// </list>
/// <para>With MSR = SF | HV the CPU runs in 64-bit hypervisor real mode: effective address = real address
/// (with the top four bits ignored), which is why <see cref="KernelBase"/> is low. Page protections hold: a
/// fetch from a page without execute permission faults. MSR[FP] stays 0, as in the kernel.</para>
/// <para>Exceptions: trap instructions raise program interrupt 6, an invalid opcode hypervisor emulation
/// assistance 96, an FP instruction FP unavailable 7; for all three the interrupt hook reads the address of
/// the next instruction as pc (<see cref="TrapAddress"/>). Unmapped and protected accesses are memory errors
/// with the exact pc, as on the other ISAs.</para>
/// </remarks>
public sealed class Ppc64Backend : IsaBackend
{
    /// <summary>The model's backend: ELFv1, as tpsim builds its own sites and stubs.</summary>
    public Ppc64Backend()
        : this(elfV2: false)
    {
    }

    /// <summary>
    /// ELFv2 (<paramref name="elfV2"/>): the same CPU and registers, with ELFv2's frame header, code addresses as function
    /// pointers (r12 holding the callee's global entry) and its relocations; what a 6.12 kernel's code runs under.
    /// </summary>
    private Ppc64Backend(bool elfV2)
    {
        ElfV2 = elfV2;
        Relocator = new Relocations(elfV2);
        Bridge = new Ppc64CallBridge(elfV2);
        KernelRuntime = new KernelRuntime(elfV2 ? this : new Ppc64Backend(elfV2: true));
    }

    /// <summary>Whether this is the ELFv2 variant (see the constructor).</summary>
    public bool ElfV2 { get; }

    /// <summary>MSR[SF], bit 0 in IBM numbering: 64-bit mode.</summary>
    public const ulong MsrSixtyFourBit = 1UL << 63;

    /// <summary>MSR[HV], bit 3 in IBM numbering: hypervisor state.</summary>
    public const ulong MsrHypervisor = 1UL << 60;

    /// <summary>Byte offset of <c>msr</c> in Unicorn 2.0.1's ppc64 <c>CPUPPCState</c>, the saved CPU state.</summary>
    public const int MsrStateOffset = 640;

    /// <summary>Interrupts whose reported pc is one instruction past the cause: program (6), FP unavailable (7), emulation assistance (96).</summary>
    private static readonly uint[] AfterTheInstruction = [6, 7, 96];

    public override string Name => "ppc64";

    /// <summary>Names other toolchains use (uname -m, Debian arch, GNU triples), so a user's habit still works.</summary>
    public override IReadOnlyList<string> Aliases => ["powerpc64", "ppc64be", "power"];

    /// <summary>lld has no ELFv1 (function descriptors); the GNU cross linker has.</summary>
    public override OracleTarget Oracle { get; } = new("qemu-ppc64", [], "powerpc64-linux-gnu-ld", ["-Ttext-segment=0x400000"])
    {
        Limits = new Dictionary<string, string>
        {
            // The kernel (and tpsim) runs with MSR[FP]=0, so an FP instruction takes FP-unavailable; qemu-user
            // always runs user code with the FPU on, on every 64-bit CPU model qemu-ppc64 7.2 has.
            ["clobber-fp"] = "qemu-user cannot run with the FPU off (MSR[FP]=0), so the kernel's FP-unavailable trap does not happen there",
        },
        // struct ucontext: uc_mcontext at 168 (after the sigmask and 15 unused sigsets), gp_regs at 64 in it, nip gp_regs[32].
        ContextPcOffset = 488,
        ReportsCalleeSavedRegisters = true,
    };

    public override AbiDescription Abi => ElfV2 ? Ppc64.Abi.ElfV2 : Ppc64.Abi.Description;

    public override RegisterMap Registers => RegisterIds.Map;

    public override IRelocator Relocator { get; }

    public override CallBridge Bridge { get; }

    /// <summary>A ppc64_defconfig kernel, run under the ELFv2 variant (<see cref="Emulator.Isa.KernelRuntime.KernelAbiBackend"/>).</summary>
    public override Emulator.Isa.KernelRuntime KernelRuntime { get; }

    public override Emulator.Isa.StubGrammar Grammar => Ppc64.StubGrammar.Grammar;

    public override ToolchainSettings Toolchain => Ppc64.Toolchain.Settings;

    /// <summary>Real mode with translation off: any low address will do, as on s390x.</summary>
    public override ulong KernelBase => 0x4000_0000;

    /// <summary><c>trap</c> (tw 31,0,0); never executed, because Unicorn stops at the halt address before it.</summary>
    public override byte[] HaltInstruction => [0x7f, 0xe0, 0x00, 0x08];

    /// <summary>A big-endian POWER10 in 64-bit hypervisor real mode (see the remarks).</summary>
    public override Engine CreateEngine()
    {
        var engine = new Engine(UcArch.Ppc, UcMode.Mode64 | UcMode.BigEndian);
        try
        {
            EnterHypervisorState(engine);
            return engine;
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    /// <summary>Sets MSR[HV] in the saved CPU state, then MSR = SF | HV through Unicorn, which keeps HV and recomputes the derived flags.</summary>
    public static void EnterHypervisorState(Engine engine)
    {
        var msrWord = GuestRegisters.ContextWord(MsrStateOffset);
        var msr = GuestRegisters.Read(engine, msrWord);
        if (msr != engine.ReadRegister(RegisterIds.Msr))
        {
            throw new UnicornException(UcError.Arch, "uc_context_save",
                $"the word at byte {MsrStateOffset} of the ppc64 CPU state is 0x{msr:x}, not MSR 0x{engine.ReadRegister(RegisterIds.Msr):x}: not the Unicorn 2.0.1 layout");
        }
        GuestRegisters.Write(engine, msrWord, msr | MsrHypervisor);
        engine.WriteRegister(RegisterIds.Msr, MsrSixtyFourBit | MsrHypervisor);
        var now = engine.ReadRegister(RegisterIds.Msr);
        if (now != (MsrSixtyFourBit | MsrHypervisor))
        {
            throw new UnicornException(UcError.Arch, "uc_reg_write", $"MSR reads 0x{now:x} after entering 64-bit hypervisor state");
        }
    }

    /// <summary>The ABI's out-of-line register save and restore routines, which GCC 12 calls at -Os.</summary>
    public override IReadOnlyList<string> SupportSources => ["crtsavres.S"];

    public override DecodedInstruction DecodeTrap(ReadOnlySpan<byte> bytes) => Traps.Describe(bytes);

    public override ulong TrapAddress(uint interruptNumber, ulong pc) =>
        AfterTheInstruction.Contains(interruptNumber) ? pc - 4 : pc;

    /// <summary>
    /// The entry doubleword of the descriptor a function pointer points at; the pointer itself when no descriptor can
    /// be read there (a marker such as 1, or a module unloaded since), where a call faults reading the descriptor.
    /// </summary>
    public override ulong CodeAddress(IEmulatedMemory memory, ulong functionPointer)
    {
        if (ElfV2)
        {
            return functionPointer;
        }
        var word = new byte[8];
        if (memory is Engine engine ? !engine.TryRead(functionPointer, word) : !TryRead(memory, functionPointer, word))
        {
            return functionPointer;
        }
        return MemoryWords.GetWord(word, 8, ByteOrder.BigEndian);
    }

    private static bool TryRead(IEmulatedMemory memory, ulong address, byte[] buffer)
    {
        try
        {
            memory.Read(address, buffer);
            return true;
        }
        catch (UnicornException)
        {
            return false;
        }
    }

    /// <summary>What an ELFv1 indirect call loads from the descriptor besides the entry: r2 (TOC) and r11 (environment).</summary>
    /// <remarks>ELFv2 loads nothing from memory: the caller puts the entry in r12, from which a global entry computes its TOC.</remarks>
    public override void PrepareIndirectCall(Engine engine, ulong functionPointer)
    {
        if (ElfV2)
        {
            engine.WriteRegister(RegisterIds.Gpr(12), functionPointer);
            return;
        }
        engine.WriteRegister(RegisterIds.Gpr(2), engine.ReadWord(functionPointer + 8, 8, ByteOrder.BigEndian));
        engine.WriteRegister(RegisterIds.Gpr(11), engine.ReadWord(functionPointer + 16, 8, ByteOrder.BigEndian));
    }
}

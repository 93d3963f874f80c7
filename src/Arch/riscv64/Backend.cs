using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Arch.Riscv64;

/// <summary>riscv64 (LP64D): arguments in a0-a7 then on the stack, return address in ra.</summary>
public sealed class Riscv64Backend : IsaBackend
{
    public override string Name => "riscv64";

    /// <summary>Names other toolchains use (uname -m, Debian arch, GNU triples), so a user's habit still works.</summary>
    public override IReadOnlyList<string> Aliases => ["rv64", "riscv"];

    public override OracleTarget Oracle { get; } = new("qemu-riscv64", [], "ld.lld-19", ["--image-base=0x400000"])
    {
        // struct ucontext: uc_mcontext at 176 (after the 128-byte sigset area), and its first word is pc.
        ContextPcOffset = 176,
        ReportsCalleeSavedRegisters = true,
    };

    public override AbiDescription Abi => Riscv64.Abi.Description;

    public override RegisterMap Registers => RegisterIds.Map;

    public override IRelocator Relocator { get; } = new Relocations();

    public override CallBridge Bridge { get; } = new Riscv64CallBridge();

    public override Emulator.Isa.StubGrammar Grammar => Riscv64.StubGrammar.Grammar;

    public override ToolchainSettings Toolchain => Riscv64.Toolchain.Settings;

    /// <summary>Low, because the emulated hart runs in M-mode without translation.</summary>
    public override ulong KernelBase => 0x4000_0000;

    public override byte[] HaltInstruction => [0x73, 0x00, 0x10, 0x00]; // ebreak

    public override Engine CreateEngine()
    {
        var engine = new Engine(UcArch.Riscv, UcMode.Riscv64);
        // mstatus.FS starts Off, so any FP instruction would trap; Dirty (0x6000) makes fs0-fs11 usable.
        engine.WriteRegister(RegisterIds.Mstatus, 0x6000);
        return engine;
    }

    public override DecodedInstruction DecodeTrap(ReadOnlySpan<byte> bytes) => Traps.Describe(bytes);

    /// <summary>ebreak, unimp; c.ebreak, c.unimp.</summary>
    public override IReadOnlyList<int> TrapLengths => [4, 2];

    /// <summary>Two bytes for a compressed instruction (low bits not 11), else four (no longer encodings are used).</summary>
    public override int? InstructionLength(ReadOnlySpan<byte> bytes) => bytes.Length < 2 ? null : (bytes[0] & 3) == 3 ? 4 : 2;

    public override bool MayWriteFloatRegisters(ReadOnlySpan<byte> code) => FloatWrites.Any(code);

    /// <summary>mstatus.FS (bits 14:13): Clean is 2, Dirty 3; tpsim starts the hart Dirty (<see cref="CreateEngine"/>).</summary>
    public override FloatStateTracking FloatState { get; } = new(RegisterIds.Mstatus, 0x6000, 0x4000);

    /// <summary>x1-x31 and f0-f31 from one saved CPU state: about eight times cheaper than a batch read of a call's registers.</summary>
    public override int BulkReadId(int registerId) => RegisterIds.StateWord(registerId);

    public override Emulator.Isa.KernelRuntime KernelRuntime { get; } = new KernelRuntime();

    public override KcfiCheck? DecodeKcfi(Engine e, ulong pc) => Kcfi.Decode(e, pc);
}

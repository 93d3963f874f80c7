using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Arch.X86_64;

/// <summary>x86_64 (SysV): arguments in six registers then on the stack, return address pushed by <c>call</c>.</summary>
public sealed class X86_64Backend : IsaBackend
{
    public override string Name => "x86_64";

    /// <summary>Names other toolchains use (uname -m, Debian arch, GNU triples), so a user's habit still works.</summary>
    public override IReadOnlyList<string> Aliases => ["amd64", "x86-64", "x64"];

    /// <summary>The host CPU runs the cross-check program; -mcmodel=kernel code needs sign-extended 32-bit addresses, so it sits in the bottom 2 GiB.</summary>
    public override OracleTarget Oracle { get; } = new(null, [], "ld.lld-19", ["--image-base=0x200000"])
    {
        HostArchitecture = System.Runtime.InteropServices.Architecture.X64,
        // struct ucontext: uc_mcontext.gregs at 40, and REG_RIP is gregs[16].
        ContextPcOffset = 168,
        ReportsCalleeSavedRegisters = true,
    };

    public override AbiDescription Abi => X86_64.Abi.Description;

    public override RegisterMap Registers => RegisterIds.Map;

    public override IRelocator Relocator { get; } = new Relocations();

    public override CallBridge Bridge { get; } = new X86_64CallBridge();

    public override Emulator.Isa.StubGrammar Grammar => X86_64.StubGrammar.Grammar;

    public override ToolchainSettings Toolchain => X86_64.Toolchain.Settings;

    /// <summary>-mcmodel=kernel needs code and data in the top 2 GiB (sign-extended 32-bit addresses).</summary>
    public override ulong KernelBase => 0xffff_ffff_8100_0000;

    public override byte[] HaltInstruction => [0xf4]; // hlt

    public override Engine CreateEngine() => new(UcArch.X86, UcMode.Mode64);

    public override DecodedInstruction DecodeTrap(ReadOnlySpan<byte> bytes) => Traps.Describe(bytes);

    /// <summary>ud2 and ud1 without operands (0f 0b, 0f b9), int3 (cc).</summary>
    public override IReadOnlyList<int> TrapLengths => [2, 1];

    public override KcfiCheck? DecodeKcfi(Engine e, ulong pc) => Kcfi.Decode(e, pc);

    public override Emulator.Isa.KernelRuntime KernelRuntime { get; } = new KernelRuntime();
}

using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Arch.I386;

/// <summary>
/// i386 as the 32-bit kernel builds it (-mregparm=3): arguments in eax, edx, ecx then in 4-byte
/// stack slots the caller pops, return address pushed by <c>call</c>, ELF32 objects with REL relocations.
/// </summary>
public sealed class I386Backend : IsaBackend
{
    public override string Name => "i386";

    /// <summary>THREAD_SIZE of a 32-bit kernel: 8 KiB (two pages).</summary>
    public override ulong ThreadSize => 0x2000;

    /// <summary>Names other toolchains use (uname -m, Debian arch, GNU triples), so a user's habit still works.</summary>
    public override IReadOnlyList<string> Aliases => ["i686", "x86", "ia32"];

    public override OracleTarget Oracle { get; } = new("qemu-i386", [], "ld.lld-19", ["--image-base=0x400000"])
    {
        // struct ucontext: uc_mcontext at 20 (flags, link, a 12-byte stack_t), and eip is its 15th word.
        ContextPcOffset = 76,
        ReportsCalleeSavedRegisters = true,
    };

    public override AbiDescription Abi => I386.Abi.Description;

    public override RegisterMap Registers => RegisterIds.Map;

    public override IRelocator Relocator { get; } = new Relocations();

    public override CallBridge Bridge { get; } = new I386CallBridge();

    public override Emulator.Isa.StubGrammar Grammar => I386.StubGrammar.Grammar;

    public override ToolchainSettings Toolchain => I386.Toolchain.Settings;

    /// <summary>Where a default 3G/1G i386 kernel runs: PAGE_OFFSET 0xc0000000 plus the 16 MiB physical start.</summary>
    public override ulong KernelBase => 0xc100_0000;

    public override byte[] HaltInstruction => [0x0f, 0x0b]; // ud2

    /// <summary>Unicorn's 32-bit mode: protected mode with flat segments and no paging.</summary>
    public override Engine CreateEngine() => new(UcArch.X86, UcMode.Mode32);

    public override DecodedInstruction DecodeTrap(ReadOnlySpan<byte> bytes) => Traps.Describe(bytes);

    /// <summary>ud2, int $n (cd nn); int3, into.</summary>
    public override IReadOnlyList<int> TrapLengths => [2, 1];

    public override Emulator.Isa.KernelRuntime KernelRuntime { get; } = new KernelRuntime();
}

namespace Tpsim.Emulator.Checking;

/// <summary>Why the CPU trapped; spelled by <see cref="KindNames.ToName(TrapKind)"/> (a JSON contract).</summary>
public enum TrapKind
{
    /// <summary>An instruction the CPU does not implement or refuses (ud2, udf, unimp, a zero word).</summary>
    [Spelling("invalid-instruction")]
    InvalidInstruction,

    /// <summary>A breakpoint or BUG() instruction (int3, brk, ebreak, break, trap).</summary>
    [Spelling("breakpoint")]
    Breakpoint,

    /// <summary>A failed Clang <c>-fsanitize=kcfi</c> call check: the target's type hash is not the one the call site expects.</summary>
    [Spelling("kcfi")]
    Kcfi,

    /// <summary>An arm64 Branch Target exception: an indirect branch to an instruction that is not a landing pad, in a guarded page (pac-bti).</summary>
    [Spelling("bti")]
    Bti,

    /// <summary>The simulated kernel's own BUG(): a kernel function written in C# found its state broken.</summary>
    [Spelling("kernel-bug")]
    KernelBug,
}

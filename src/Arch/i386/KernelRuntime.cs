using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.I386;

/// <summary>
/// i386 as a 6.12 kernel built by kbuild uses it: retpoline thunks <c>__x86_indirect_thunk_REG</c> (here a plain
/// <c>jmp *%REG</c>); per-CPU data through %fs with per-CPU symbols at their own addresses (the offset of CPU 0 is 0
/// here), <c>pcpu_hot</c> holding current_task at 0 and preempt_count at 4, the stack canary in the per-CPU
/// <c>__stack_chk_guard</c> that clang reaches as <c>%fs:__ref_stack_chk_guard</c>; jump labels of 2 or 5 bytes; static
/// call trampolines (<c>jmp func</c>, or <c>ret</c> for none) patched through <c>arch_static_call_transform</c>.
/// </summary>
internal sealed class KernelRuntime : Emulator.Isa.KernelRuntime
{
    private static readonly string[] Registers = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"];

    private static readonly byte[] Nop2 = [0x66, 0x90];
    // BYTES_NOP5 of a 32-bit kernel: ds lea 0(%esi,%eiz,1), %esi.
    private static readonly byte[] Nop5 = [0x3e, 0x8d, 0x74, 0x26, 0x00];

    // jmp *%reg: ff /4.
    public override IReadOnlyList<KernelRoutine> Routines { get; } =
        [.. Registers.Select((r, n) => (r, n)).Where(x => x.r != "esp").Select(x => new KernelRoutine($"__x86_indirect_thunk_{x.r}", [0xff, (byte)(0xe0 | x.n)], InCallPath: true))];

    public override IReadOnlyList<(string Name, int Size)> PerCpuVariables => [("pcpu_hot", 64), ("__ref_stack_chk_guard", 4)];

    public override string? CurrentTaskVariable => "pcpu_hot";

    /// <summary>mov eax, task; mov %fs:slot, eax. The flat %fs of a booted CPU 0 has base 0, which is CPU 0's per-CPU offset here.</summary>
    public override byte[] BootCode(ulong perCpuBase, ulong currentTask, ulong currentSlot) =>
        [0xb8, .. BitConverter.GetBytes(checked((uint)currentTask)), 0x64, 0xa3, .. BitConverter.GetBytes(checked((uint)currentSlot))];

    public override int JumpLabelMaxSize => 5;

    /// <summary>The site's size is what the compiler emitted (a 2-byte nop or short jmp, else 5 bytes): arch_jump_entry_size.</summary>
    public override byte[] JumpLabel(ReadOnlySpan<byte> now, ulong site, ulong target, bool jump)
    {
        var shortSite = now.StartsWith(Nop2) || now[0] == 0xeb;
        if (!shortSite && !now.StartsWith(Nop5) && now[0] != 0xe9)
        {
            throw new InvalidOperationException($"no jump label at 0x{site:x}: {Convert.ToHexString(now)}");
        }
        if (!jump)
        {
            return shortSite ? Nop2 : Nop5;
        }
        var rel = unchecked((long)(target - site));
        return shortSite
            ? [0xeb, (byte)checked((sbyte)(int)(rel - 2))]
            : [0xe9, .. BitConverter.GetBytes(unchecked((int)(rel - 5)))];
    }

    /// <summary>jmp rel32 to the function, or ret then int3 for none (the kernel's NULL trampoline returns at once).</summary>
    public override byte[] StaticCallTrampoline(ulong trampoline, ulong function) => function == 0
        ? [0xc3, 0xcc, 0xcc, 0xcc, 0xcc]
        : [0xe9, .. BitConverter.GetBytes(unchecked((int)(function - (trampoline + 5))))];

    // ud2, as __WARN_FLAGS emits it.
    public override int BugInstructionLength(ReadOnlySpan<byte> code) => 2;
}

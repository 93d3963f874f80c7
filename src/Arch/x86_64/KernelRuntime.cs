using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.X86_64;

/// <summary>
/// x86_64 as a 6.12 kernel built by kbuild uses it: retpoline thunks (<c>__x86_indirect_thunk_REG</c>, here a plain
/// <c>jmp *%REG</c> as on a CPU that needs no retpoline) and <c>__x86_return_thunk</c> (<c>ret</c>); per-CPU data through
/// %gs with zero-based per-CPU symbols (<c>pcpu_hot</c>: current_task at 0, preempt_count at 4, cpu_number at 8);
/// jump labels of 2 or 5 bytes; static calls as trampolines (<c>jmp func</c>, or <c>ret</c> for none).
/// </summary>
internal sealed class KernelRuntime : Emulator.Isa.KernelRuntime
{
    private static readonly string[] Registers = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"];

    private static readonly byte[] Nop2 = [0x66, 0x90];
    private static readonly byte[] Nop5 = [0x0f, 0x1f, 0x44, 0x00, 0x00];

    public override IReadOnlyList<KernelRoutine> Routines { get; } = BuildRoutines();

    private static List<KernelRoutine> BuildRoutines()
    {
        var routines = new List<KernelRoutine>();
        for (var n = 0; n < Registers.Length; n++)
        {
            if (Registers[n] == "rsp")
            {
                continue;
            }
            // jmp *%reg: ff /4, with REX.B for r8-r15.
            byte[] code = n < 8 ? [0xff, (byte)(0xe0 | n)] : [0x41, 0xff, (byte)(0xe0 | (n - 8))];
            routines.Add(new($"__x86_indirect_thunk_{Registers[n]}", code, InCallPath: true));
        }
        routines.Add(new("__x86_return_thunk", [0xc3], InCallPath: false));
        return routines;
    }

    public override IReadOnlyList<(string Name, int Size)> PerCpuVariables => [("pcpu_hot", 64)];

    public override bool PerCpuSymbolsAreOffsets => true;

    public override string? CurrentTaskVariable => "pcpu_hot";

    /// <summary>wrmsr MSR_GS_BASE (0xc0000101) with the per-CPU base, then pcpu_hot.current_task = the task (%gs-relative: per-CPU symbols are offsets).</summary>
    public override byte[] BootCode(ulong perCpuBase, ulong currentTask, ulong currentSlot)
    {
        var code = new List<byte> { 0xb9, 0x01, 0x01, 0x00, 0xc0 }; // mov ecx, 0xc0000101
        code.Add(0xb8); // mov eax, low
        code.AddRange(BitConverter.GetBytes((uint)perCpuBase));
        code.Add(0xba); // mov edx, high
        code.AddRange(BitConverter.GetBytes((uint)(perCpuBase >> 32)));
        code.AddRange([0x0f, 0x30]); // wrmsr
        code.AddRange([0x48, 0xb8]); // movabs rax, task
        code.AddRange(BitConverter.GetBytes(currentTask));
        code.AddRange([0x65, 0x48, 0x89, 0x04, 0x25]); // mov gs:[slot], rax
        code.AddRange(BitConverter.GetBytes(checked((int)currentSlot)));
        return [.. code];
    }

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
        if (shortSite)
        {
            return [0xeb, (byte)checked((sbyte)unchecked((long)(target - (site + 2))))];
        }
        return [0xe9, .. BitConverter.GetBytes(checked((int)unchecked((long)(target - (site + 5)))))];
    }

    /// <summary>jmp rel32 to the function, or ret then int3 for none (the kernel's NULL trampoline returns at once).</summary>
    public override byte[] StaticCallTrampoline(ulong trampoline, ulong function) => function == 0
        ? [0xc3, 0xcc, 0xcc, 0xcc, 0xcc]
        : [0xe9, .. BitConverter.GetBytes(checked((int)unchecked((long)(function - (trampoline + 5)))))];

    // ud2, as __WARN_FLAGS emits it.
    public override int BugInstructionLength(ReadOnlySpan<byte> code) => 2;
}

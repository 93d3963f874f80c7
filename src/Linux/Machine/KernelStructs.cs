namespace Tpsim.Linux.Machine;

/// <summary>
/// Offsets, sizes and constants of the kernel's own types as this build lays them out, read from a module tpsim
/// compiles against the tree (the kernel's asm-offsets technique), so that nothing is assumed about a config.
/// </summary>
public sealed record KernelStructs(
    ulong ModuleTracepointsPtrs,
    ulong ModuleNumTracepoints,
    ulong TracepointPtrSize,
    ulong TracepointFuncs,
    ulong TracepointFuncSize,
    ulong GfpNoFail,
    ulong ModuleStateComing,
    ulong ModuleStateGoing,
    bool Prel32Relocations,
    bool JumpLabelRelative,
    bool BugRelativePointers,
    ulong BugEntrySize,
    ulong JumpEntrySize,
    ulong WorkFunc,
    ulong LowcoreCurrent,
    ulong LowcorePreemptCount,
    ulong LowcoreSize,
    ulong PacaCurrent,
    ulong PacaSize)
{
    /// <summary>The module's source: a table of the values above, in this order.</summary>
    public const string Source = """
        // SPDX-License-Identifier: GPL-2.0
        /* tpsim: the layout of the kernel's types in this build, read back from the object (asm-offsets style). */
        #include <linux/module.h>
        #include <linux/tracepoint.h>
        #include <linux/gfp.h>
        #include <linux/bug.h>
        #include <linux/jump_label.h>
        #include <linux/workqueue.h>
        #ifdef CONFIG_S390
        #include <asm/lowcore.h>
        #endif
        #ifdef CONFIG_PPC64
        #include <asm/paca.h>
        #endif

        extern const unsigned long tpsim_structs[];
        const unsigned long tpsim_structs[] = {
        	offsetof(struct module, tracepoints_ptrs),
        	offsetof(struct module, num_tracepoints),
        	sizeof(tracepoint_ptr_t),
        	offsetof(struct tracepoint, funcs),
        	sizeof(struct tracepoint_func),
        	(unsigned long)__GFP_NOFAIL,
        	MODULE_STATE_COMING,
        	MODULE_STATE_GOING,
        	IS_ENABLED(CONFIG_HAVE_ARCH_PREL32_RELOCATIONS),
        	IS_ENABLED(CONFIG_HAVE_ARCH_JUMP_LABEL_RELATIVE),
        	IS_ENABLED(CONFIG_GENERIC_BUG_RELATIVE_POINTERS),
        #ifdef CONFIG_GENERIC_BUG
        	sizeof(struct bug_entry),
        #else
        	0,
        #endif
        #ifdef CONFIG_JUMP_LABEL
        	sizeof(struct jump_entry),
        #else
        	0,
        #endif
        	offsetof(struct work_struct, func),
        #ifdef CONFIG_S390
        	offsetof(struct lowcore, current_task),
        	offsetof(struct lowcore, preempt_count),
        	sizeof(struct lowcore),
        #else
        	0, 0, 0,
        #endif
        #ifdef CONFIG_PPC64
        	offsetof(struct paca_struct, __current),
        	sizeof(struct paca_struct),
        #else
        	0, 0,
        #endif
        };
        MODULE_LICENSE("GPL");
        """;

    /// <summary>The table's words are <c>unsigned long</c>: <paramref name="wordSize"/> bytes (4 on i386 and arm).</summary>
    public static KernelStructs Read(byte[] table, bool bigEndian, int wordSize)
    {
        ulong At(int i)
        {
            var word = table.AsSpan(i * wordSize, wordSize);
            return (wordSize, bigEndian) switch
            {
                (8, true) => System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(word),
                (8, false) => System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(word),
                (_, true) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(word),
                _ => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(word),
            };
        }
        return new KernelStructs(At(0), At(1), At(2), At(3), At(4), At(5), At(6), At(7), At(8) != 0, At(9) != 0, At(10) != 0, At(11), At(12), At(13), At(14), At(15), At(16), At(17), At(18));
    }
}

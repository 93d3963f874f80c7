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
    ulong ModuleStateGoing)
{
    /// <summary>The module's source: a table of the values above, in this order.</summary>
    public const string Source = """
        // SPDX-License-Identifier: GPL-2.0
        /* tpsim: the layout of the kernel's types in this build, read back from the object (asm-offsets style). */
        #include <linux/module.h>
        #include <linux/tracepoint.h>
        #include <linux/gfp.h>

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
        };
        MODULE_LICENSE("GPL");
        """;

    public static KernelStructs Read(byte[] table, bool bigEndian)
    {
        ulong At(int i)
        {
            var word = table.AsSpan(i * 8, 8);
            return bigEndian ? System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(word) : System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(word);
        }
        return new KernelStructs(At(0), At(1), At(2), At(3), At(4), At(5), At(6), At(7));
    }
}

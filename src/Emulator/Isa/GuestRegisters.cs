using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Emulator.Isa;

/// <summary>
/// Reads and writes registers by <see cref="RegisterMap"/> id, including registers that Unicorn's
/// <c>uc_reg_read</c>/<c>uc_reg_write</c> do not reach. An id of <see cref="ContextWordBase"/> or more
/// names no Unicorn register: it stands for the 64-bit word, in host byte order, at byte offset
/// <c>id - ContextWordBase</c> of the engine's saved CPU state (a <c>uc_context</c> as
/// <c>uc_context_save</c> fills it: a 16-byte header, then the CPU state). An ISA maps a register there
/// when its Unicorn build keeps the register in the CPU state but gives it no working id: Unicorn
/// 2.0.1's s390x accepts <c>UC_S390X_REG_F0..F15</c> and ignores them (a read leaves the buffer as it
/// was, a write is dropped). The ISA states the offsets and a test proves them against the guest's own
/// view of the registers.
/// </summary>
public static class GuestRegisters
{
    /// <summary>The first id that stands for a context word; Unicorn register ids are far below it.</summary>
    public const int ContextWordBase = 0x4000_0000;

    /// <summary>Bytes of <c>struct uc_context</c> in Unicorn 2.0.1 before the CPU state: <c>size_t context_size; uc_mode mode; uc_arch arch;</c>.</summary>
    public const int ContextHeaderSize = 16;

    private static readonly ConditionalWeakTable<Engine, EngineContext> Scratch = new();

    /// <summary>The id of the word at <paramref name="stateOffset"/> bytes into the CPU state (after the context header).</summary>
    public static int ContextWord(int stateOffset) => checked(ContextWordBase + ContextHeaderSize + stateOffset);

    public static bool IsContextWord(int id) => id >= ContextWordBase;

    public static ulong Read(Engine engine, int id)
    {
        if (!IsContextWord(id))
        {
            return engine.ReadRegister(id);
        }
        var context = Save(engine);
        return ReadWord(context, id);
    }

    /// <summary>
    /// Reads every id into <paramref name="values"/>: the Unicorn registers in one batch, the context words from one
    /// save of the CPU state (s390x reads its callee-saved FP registers so at every call and return of a fire).
    /// </summary>
    public static void ReadAll(Engine engine, ReadOnlySpan<int> ids, Span<ulong> values)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (!HasContextWord(ids))
        {
            engine.ReadRegisters(ids, values);
            return;
        }
        ReadAll(engine, new ReadPlan(ids), values, null);
    }

    /// <summary>
    /// Reads <paramref name="plan"/>'s registers into <paramref name="values"/>, in the order it was made from, saving the
    /// CPU state into <paramref name="scratch"/> when it has context words (a caller that reads at every call keeps one).
    /// </summary>
    public static void ReadAll(Engine engine, ReadPlan plan, Span<ulong> values, EngineContext? scratch)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.ContextAt.Length == 0)
        {
            engine.ReadRegisters(plan.PlainIds, values);
            return;
        }
        EngineContext context;
        if (scratch is null)
        {
            context = Save(engine);
        }
        else
        {
            engine.SaveContext(scratch);
            context = scratch;
        }
        var raw = context.DangerousGetHandle();
        if (plan.CheckedStateSize != StateSize(context))
        {
            // Once per plan and state size: every offset must lie inside the saved state.
            foreach (var id in plan.ContextIds)
            {
                CheckedOffset(StateSize(context), id);
            }
            plan.CheckedStateSize = StateSize(context);
        }
        unsafe
        {
            var state = (byte*)raw;
            for (var i = 0; i < plan.ContextAt.Length; i++)
            {
                values[plan.ContextAt[i]] = Unsafe.ReadUnaligned<ulong>(state + (plan.ContextIds[i] - ContextWordBase));
            }
        }
        if (plan.PlainIds.Length == 0)
        {
            return;
        }
        Span<ulong> plain = stackalloc ulong[plan.PlainIds.Length];
        engine.ReadRegisters(plan.PlainIds, plain);
        for (var i = 0; i < plain.Length; i++)
        {
            values[plan.PlainAt[i]] = plain[i];
        }
    }

    /// <summary>A list of register ids split once into Unicorn registers and context words, for a caller that reads it often.</summary>
    public sealed class ReadPlan
    {
        public ReadPlan(ReadOnlySpan<int> ids)
        {
            var plain = new List<int>();
            var context = new List<int>();
            for (var i = 0; i < ids.Length; i++)
            {
                (IsContextWord(ids[i]) ? context : plain).Add(i);
            }
            PlainAt = [.. plain];
            ContextAt = [.. context];
            var all = ids.ToArray();
            PlainIds = [.. plain.Select(i => all[i])];
            ContextIds = [.. context.Select(i => all[i])];
        }

        internal int[] PlainIds { get; }

        internal int[] PlainAt { get; }

        internal int[] ContextIds { get; }

        internal int[] ContextAt { get; }

        /// <summary>The saved-state size its context offsets were last checked against; -1 before the first read.</summary>
        internal long CheckedStateSize { get; set; } = -1;

        /// <summary>How many registers the plan reads.</summary>
        public int Count => PlainAt.Length + ContextAt.Length;
    }

    /// <summary>Whether any of <paramref name="ids"/> is a context word (then reading them costs a CPU-state copy).</summary>
    public static bool HasContextWord(ReadOnlySpan<int> ids)
    {
        foreach (var id in ids)
        {
            if (IsContextWord(id))
            {
                return true;
            }
        }
        return false;
    }

    public static void Write(Engine engine, int id, ulong value)
    {
        if (!IsContextWord(id))
        {
            engine.WriteRegister(id, value);
            return;
        }
        var context = Save(engine);
        var offset = CheckedOffset(context, id);
        Marshal.WriteInt64(context.DangerousGetHandle(), offset, unchecked((long)value));
        engine.RestoreContext(context);
    }

    private static EngineContext Save(Engine engine)
    {
        if (Scratch.TryGetValue(engine, out var context))
        {
            engine.SaveContext(context);
            return context;
        }
        context = engine.SaveContext();
        Scratch.AddOrUpdate(engine, context);
        return context;
    }

    private static ulong ReadWord(EngineContext context, int id) =>
        unchecked((ulong)Marshal.ReadInt64(context.DangerousGetHandle(), CheckedOffset(context, id)));

    private static int CheckedOffset(EngineContext context, int id) => CheckedOffset(StateSize(context), id);

    /// <summary>The header's first field: the size of the CPU state that follows it.</summary>
    private static long StateSize(EngineContext context) => (long)(ulong)Marshal.ReadIntPtr(context.DangerousGetHandle());

    private static int CheckedOffset(long stateSize, int id)
    {
        var offset = id - ContextWordBase;
        if (offset < ContextHeaderSize || offset + 8 > ContextHeaderSize + stateSize)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id,
                $"context word at byte {offset} lies outside the {ContextHeaderSize + stateSize}-byte saved context");
        }
        return offset;
    }
}

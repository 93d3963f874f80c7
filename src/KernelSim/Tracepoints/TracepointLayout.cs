namespace Tpsim.KernelSim.Tracepoints;

/// <summary>
/// Byte layout of the tracepoint structures in guest memory for the 64-bit little-endian ISAs tpsim runs
/// today (x86_64, arm64, riscv64), matching Sources/tracepoint.h:
/// <c>struct tracepoint { const char *name; long key; struct tracepoint_func *funcs; void *iterator; void *stub; long nargs; }</c>
/// and <c>struct tracepoint_func { void *func; void *data; int prio; }</c> padded to 24 bytes. Other word sizes and
/// byte orders (i386, arm, s390x...) use <see cref="TracepointAbi"/>, which gives these values for 64-bit LE.
/// </summary>
public static class TracepointLayout
{
    public const int NameOffset = 0;
    public const int KeyOffset = 8;
    public const int FuncsOffset = 16;
    public const int IteratorOffset = 24;
    public const int StubOffset = 32;
    public const int NargsOffset = 40;
    public const int Size = 48;

    /// <summary>sizeof(struct tracepoint_func): func @0, data @8, prio @16, 4 bytes of padding.</summary>
    public const int FuncEntrySize = 24;

    public const int EntryFuncOffset = 0;
    public const int EntryDataOffset = 8;
    public const int EntryPrioOffset = 16;

    /// <summary>allocate_probes puts a <c>struct rcu_head</c> (two pointers) before the entries.</summary>
    public const int RcuHeadSize = 16;

    /// <summary>TRACEPOINT_DEFAULT_PRIO.</summary>
    public const int DefaultPrio = 10;

    /// <summary>TRACEPOINT_FUNC_SKIP ((void *)1), also the v2 sentinel value.</summary>
    public const ulong SkipMarker = 1;
}

namespace Tpsim.KernelSim.Tracepoints;

/// <summary>
/// One <c>struct tracepoint_func</c> as read from guest memory: the probe (or a placeholder a strategy wrote in
/// place), its data pointer and its priority.
/// </summary>
public readonly record struct FuncEntry(ulong Func, ulong Data, int Prio)
{
    public override string ToString() => $"{{func=0x{Func:x}, data=0x{Data:x}, prio={Prio}}}";
}

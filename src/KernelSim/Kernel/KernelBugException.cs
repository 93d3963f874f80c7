namespace Tpsim.KernelSim.Kernel;

/// <summary>
/// Something a real kernel would BUG() or oops on: a kfree of an address that is not a live allocation
/// ("bad-free", which covers double frees), an exhausted heap region ("oom"), unbalanced RCU or preemption
/// counters ("rcu-unbalanced", "preempt-unbalanced"). <see cref="Kind"/> is a stable lower-case id.
/// </summary>
public sealed class KernelBugException(string kind, string message) : Exception(message)
{
    public string Kind { get; } = kind;
}

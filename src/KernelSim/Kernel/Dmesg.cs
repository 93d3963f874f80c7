namespace Tpsim.KernelSim.Kernel;

/// <summary>One line of the simulated kernel log.</summary>
/// <param name="Kind">
/// A stable lower-case id a test or scenario can match on: "might-sleep", "forced-synchronize",
/// "bad-free", "placeholder-written", "alloc-failed", "oom", "grace-period-deferred", "unregister-failed", "spare-half",
/// "rcu-unbalanced", "preempt-unbalanced".
/// </param>
/// <param name="Text">The human-readable line, worded like the kernel's own message where there is one.</param>
public sealed record KernelMessage(string Kind, string Text)
{
    /// <summary>Kinds that are a broken kernel rule (a BUG or splat in a real kernel), not just a report of what happened.</summary>
    public static readonly IReadOnlySet<string> ViolationKinds =
        new HashSet<string>(StringComparer.Ordinal) { "might-sleep", "bad-free", "oops", "rcu-unbalanced", "preempt-unbalanced" };

    /// <summary>Whether this message reports a broken kernel rule.</summary>
    public bool IsViolation => ViolationKinds.Contains(Kind);

    public override string ToString() => $"[{Kind}] {Text}";
}

/// <summary>
/// The simulated kernel ring buffer: an append-only list of <see cref="KernelMessage"/>. <see cref="Count"/>
/// works as a mark, so a caller can ask what one operation logged with <see cref="Since"/>.
/// </summary>
public sealed class Dmesg
{
    private readonly List<KernelMessage> _messages = [];

    public void Add(string kind, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(text);
        _messages.Add(new KernelMessage(kind, text));
    }

    public IReadOnlyList<KernelMessage> All => _messages;

    public int Count => _messages.Count;

    /// <summary>Messages logged after <paramref name="mark"/> (an earlier <see cref="Count"/>).</summary>
    public IReadOnlyList<KernelMessage> Since(int mark)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mark);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(mark, _messages.Count);
        return _messages.GetRange(mark, _messages.Count - mark);
    }

    /// <summary>Messages of one kind, oldest first.</summary>
    public IReadOnlyList<KernelMessage> OfKind(string kind) => _messages.Where(m => m.Kind == kind).ToList();

    /// <summary>Whether any message of <paramref name="kind"/> was logged after <paramref name="mark"/>.</summary>
    public bool Contains(string kind, int mark = 0)
    {
        for (var i = mark; i < _messages.Count; i++)
        {
            if (_messages[i].Kind == kind)
            {
                return true;
            }
        }
        return false;
    }
}

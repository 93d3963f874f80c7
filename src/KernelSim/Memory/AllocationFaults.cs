namespace Tpsim.KernelSim.Memory;

/// <summary>
/// Injected allocation failures for a <see cref="KernelHeap"/>. <see cref="FailNext"/> fails the next n
/// allocations whatever their path; <see cref="FailPath"/> fails the next n allocations whose path is exactly
/// the given one (the tracepoint model uses "func_add" and "func_remove"). A path-specific failure is consumed
/// before a general one. Counts accumulate.
/// </summary>
public sealed class AllocationFaults
{
    private readonly Dictionary<string, int> _byPath = new(StringComparer.Ordinal);
    private int _next;

    public void FailNext(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _next += count;
    }

    public void FailPath(string path, int count)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return;
        }
        _byPath[path] = _byPath.GetValueOrDefault(path) + count;
    }

    /// <summary>Failures still to be injected, general and per path together.</summary>
    public int Pending => _next + _byPath.Values.Sum();

    /// <summary>Failures still to be injected for <paramref name="path"/> (its own plus the general ones).</summary>
    public int PendingFor(string path) => _next + _byPath.GetValueOrDefault(path);

    /// <summary>Drops every pending failure.</summary>
    public void Clear()
    {
        _next = 0;
        _byPath.Clear();
    }

    /// <summary>Consumes one pending failure that applies to <paramref name="path"/>; false when none does.</summary>
    internal bool TryConsume(string path)
    {
        if (_byPath.TryGetValue(path, out var n))
        {
            if (n <= 1)
            {
                _byPath.Remove(path);
            }
            else
            {
                _byPath[path] = n - 1;
            }
            return true;
        }
        if (_next > 0)
        {
            _next--;
            return true;
        }
        return false;
    }
}

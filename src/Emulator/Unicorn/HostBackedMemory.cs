namespace Tpsim.Emulator.Unicorn;

/// <summary>
/// The engine's mappings that lie on host memory it owns (<c>uc_mem_map_ptr</c>), by guest address, so that reads
/// and writes of them are plain copies. A mapping leaves this table as soon as Unicorn may no longer use that
/// host memory for it: unmapped, or split by a partial unmap or protect. (2.0.1 keeps a split piece on the same
/// host memory, as the tests show, but nothing documents it, so the pieces go back to uc_mem_read.) Its memory
/// is freed when a whole mapping is unmapped, otherwise when the engine closes.
/// </summary>
internal sealed unsafe class HostBackedMemory
{
    private readonly record struct Block(ulong Address, ulong Size, IntPtr Memory)
    {
        public ulong End => Address + Size;
    }

    // Sorted by address; mappings never overlap, so a binary search finds the only candidate.
    private readonly List<Block> _blocks = [];
    private int _lastHit;

    public void Add(ulong address, ulong size, IntPtr memory)
    {
        var block = new Block(address, size, memory);
        var i = IndexAtOrBefore(address) + 1;
        _blocks.Insert(i, block);
    }

    /// <summary>The host address of guest [address, address + length) when one mapping holds it all; null otherwise.</summary>
    public byte* Find(ulong address, int length)
    {
        if (_blocks.Count == 0)
        {
            return null;
        }
        // Fires read the same stack and log over and over: try the last mapping first.
        var hit = _lastHit < _blocks.Count && Holds(_blocks[_lastHit], address, length) ? _lastHit : IndexAtOrBefore(address);
        if (hit < 0 || !Holds(_blocks[hit], address, length))
        {
            return null;
        }
        _lastHit = hit;
        var b = _blocks[hit];
        return (byte*)b.Memory + (address - b.Address);
    }

    /// <summary>Removes every mapping [address, address + size) touches; returns the memory of those it covered whole.</summary>
    public List<IntPtr> Forget(ulong address, ulong size)
    {
        var whole = new List<IntPtr>();
        foreach (var b in Overlapping(address, size))
        {
            _blocks.Remove(b);
            if (address <= b.Address && b.End <= address + size)
            {
                whole.Add(b.Memory);
            }
        }
        return whole;
    }

    /// <summary>
    /// After a protection change: a mapping changed whole stays; any other it touches is split now, so it stops being
    /// copied (its memory stays until the engine closes).
    /// </summary>
    public void Reprotected(ulong address, ulong size)
    {
        foreach (var b in Overlapping(address, size))
        {
            if (b.Address != address || b.Size != size)
            {
                _blocks.Remove(b);
            }
        }
    }

    private List<Block> Overlapping(ulong address, ulong size)
    {
        var end = address + size;
        return _blocks.Where(b => b.Address < end && address < b.End).ToList();
    }

    private static bool Holds(Block b, ulong address, int length) =>
        address >= b.Address && length >= 0 && address - b.Address <= b.Size && (ulong)length <= b.Size - (address - b.Address);

    /// <summary>Index of the last mapping starting at or below <paramref name="address"/>; -1 when none does.</summary>
    private int IndexAtOrBefore(ulong address)
    {
        int lo = 0, hi = _blocks.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_blocks[mid].Address <= address)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return found;
    }
}

namespace Tpsim.Emulator.Loading;

/// <summary>
/// The simulated kernel's global symbols: name to address, each with the object (or host component)
/// that defined it, so unloading an object withdraws exactly its symbols. A weak definition yields to
/// a strong one; two strong definitions are an error naming both owners. Not thread-safe.
/// </summary>
public sealed class SymbolTable
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    /// <summary>Every symbol as name, address and owner, in no particular order.</summary>
    public IEnumerable<(string Name, ulong Address, string Owner)> Entries =>
        _entries.Select(e => (e.Key, e.Value.Address, e.Value.Owner));

    /// <summary>
    /// An independent copy: objects that all define the same names (sites, modules) each link against
    /// their own copy of the kernel's exports, so none sees another's symbols.
    /// </summary>
    public SymbolTable Copy()
    {
        var copy = new SymbolTable();
        foreach (var (name, entry) in _entries)
        {
            copy._entries[name] = entry;
        }
        return copy;
    }

    /// <summary>Defines <paramref name="name"/>; throws <see cref="LoaderException"/> (TPL007) if another owner defined it strongly.</summary>
    public void Define(string name, ulong address, string owner, bool weak = false)
    {
        if (_entries.TryGetValue(name, out var existing))
        {
            if (weak)
            {
                return;
            }
            if (!existing.Weak)
            {
                throw new LoaderException(LoaderError.DuplicateSymbol, owner,
                    $"symbol '{name}' is already defined by {existing.Owner}");
            }
        }
        _entries[name] = new Entry(address, owner, weak);
    }

    /// <summary>Throws exactly what <see cref="Define"/> would, without defining anything.</summary>
    internal void CheckDefinable(string name, string owner, bool weak)
    {
        if (!weak && _entries.TryGetValue(name, out var existing) && !existing.Weak)
        {
            throw new LoaderException(LoaderError.DuplicateSymbol, owner,
                $"symbol '{name}' is already defined by {existing.Owner}");
        }
    }

    public bool TryResolve(string name, out ulong address)
    {
        if (_entries.TryGetValue(name, out var entry))
        {
            address = entry.Address;
            return true;
        }
        address = 0;
        return false;
    }

    /// <summary>The address of <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> when undefined.</summary>
    public ulong Resolve(string name) =>
        TryResolve(name, out var address) ? address : throw new KeyNotFoundException($"symbol '{name}' is not defined");

    /// <summary>Who defined <paramref name="name"/>, or null.</summary>
    public string? OwnerOf(string name) => _entries.TryGetValue(name, out var entry) ? entry.Owner : null;

    public bool HasOwner(string owner) => _entries.Values.Any(e => e.Owner == owner);

    /// <summary>Removes every symbol <paramref name="owner"/> defined; returns how many.</summary>
    public int RemoveOwner(string owner)
    {
        var names = _entries.Where(e => e.Value.Owner == owner).Select(e => e.Key).ToList();
        foreach (var name in names)
        {
            _entries.Remove(name);
        }
        return names.Count;
    }

    private readonly record struct Entry(ulong Address, string Owner, bool Weak);
}

namespace Tpsim.Emulator.Isa;

/// <summary>ABI register names to Unicorn register ids for one ISA (values from unicorn/&lt;arch&gt;.h).</summary>
public sealed class RegisterMap
{
    private readonly Dictionary<string, int> _ids;

    public RegisterMap(IEnumerable<KeyValuePair<string, int>> ids) => _ids = new(ids, StringComparer.Ordinal);

    public int this[string name] => _ids.TryGetValue(name, out var id)
        ? id
        : throw new KeyNotFoundException($"no Unicorn register id for '{name}'");

    public bool Contains(string name) => _ids.ContainsKey(name);

    public IEnumerable<string> Names => _ids.Keys;
}

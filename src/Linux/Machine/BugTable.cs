using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Linux.Machine;

/// <summary>One <c>struct bug_entry</c>: the trap instruction of a BUG or WARN, where the source says it is, and its flags word.</summary>
public sealed record BugEntry(ulong Address, string File, int Line, ulong FlagsAddress);

/// <summary>
/// The <c>__bug_table</c> sections of the loaded objects, as report_bug reads them. On x86_64, arm64 and riscv64
/// (GENERIC_BUG_RELATIVE_POINTERS, DEBUG_BUGVERBOSE) an entry is { s32 bug_addr_disp; s32 file_disp; u16 line;
/// u16 flags; }, each displacement relative to its own field.
/// </summary>
public sealed class BugTable
{
    public const int EntrySize = 12;

    /// <summary>BUGFLAG_WARNING, BUGFLAG_ONCE, BUGFLAG_DONE of asm-generic/bug.h.</summary>
    public const ushort Warning = 1, Once = 2, Done = 4;

    private readonly Dictionary<ulong, BugEntry> _entries = [];

    public int Count => _entries.Count;

    public bool TryFind(ulong pc, out BugEntry entry) => _entries.TryGetValue(pc, out entry!);

    /// <summary>Adds the entries of <paramref name="o"/>'s <c>__bug_table</c>; a section that is not whole entries is refused.</summary>
    public void Add(Engine engine, LoadedObject o, ByteOrder order)
    {
        if (o.Sections.FirstOrDefault(s => s.Name == "__bug_table") is not { } table)
        {
            return;
        }
        if (table.Size % EntrySize != 0)
        {
            throw new KernelInputException($"{o.Name}: __bug_table is {table.Size} bytes, not whole {EntrySize}-byte bug_entry records (a layout tpsim does not read)");
        }
        for (var e = table.Address; e < table.Address + table.Size; e += EntrySize)
        {
            var address = e + (ulong)(long)(int)(uint)engine.ReadWord(e, 4, order);
            var file = e + 4 + (ulong)(long)(int)(uint)engine.ReadWord(e + 4, 4, order);
            var line = (int)engine.ReadWord(e + 8, 2, order);
            _entries[address] = new BugEntry(address, ReadString(engine, file), line, e + 10);
        }
    }

    public void Remove(LoadedObject o)
    {
        foreach (var address in _entries.Keys.Where(o.Range.Contains).ToList())
        {
            _entries.Remove(address);
        }
    }

    private static string ReadString(Engine engine, ulong address)
    {
        // A byte at a time: the string may end just before the end of its mapping.
        var bytes = new List<byte>();
        var one = new byte[1];
        for (var at = address; bytes.Count < 256; at++)
        {
            engine.Read(at, one);
            if (one[0] == 0)
            {
                break;
            }
            bytes.Add(one[0]);
        }
        return System.Text.Encoding.UTF8.GetString([.. bytes]);
    }
}

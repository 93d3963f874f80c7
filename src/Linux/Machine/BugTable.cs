using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Linux.Machine;

/// <summary>One <c>struct bug_entry</c>: the trap instruction of a BUG or WARN, where the source says it is, and its flags word.</summary>
public sealed record BugEntry(ulong Address, string File, int Line, ulong FlagsAddress);

/// <summary>
/// The <c>__bug_table</c> sections of the loaded objects, as report_bug reads them (DEBUG_BUGVERBOSE). With
/// GENERIC_BUG_RELATIVE_POINTERS (x86_64, arm64, riscv64, s390x, ppc64) an entry is { s32 bug_addr_disp; s32 file_disp;
/// u16 line; u16 flags; }, each displacement relative to its own field; without (i386, arm) the first two are
/// absolute <c>unsigned long</c> addresses.
/// </summary>
public sealed class BugTable
{
    /// <summary>BUGFLAG_WARNING, BUGFLAG_ONCE, BUGFLAG_DONE of asm-generic/bug.h.</summary>
    public const ushort Warning = 1, Once = 2, Done = 4;

    private readonly Dictionary<ulong, BugEntry> _entries = [];

    public int Count => _entries.Count;

    public bool TryFind(ulong pc, out BugEntry entry) => _entries.TryGetValue(pc, out entry!);

    /// <summary>Adds the entries of <paramref name="o"/>'s <c>__bug_table</c>; a section that is not whole entries is refused.</summary>
    public void Add(Engine engine, LoadedObject o, ByteOrder order, KernelStructs layout, int wordSize)
    {
        if (o.Sections.FirstOrDefault(s => s.Name == "__bug_table") is not { } table)
        {
            return;
        }
        var size = layout.BugEntrySize;
        var field = layout.BugRelativePointers ? 4UL : (ulong)wordSize;
        if (size < 2 * field + 4 || table.Size % size != 0)
        {
            throw new KernelInputException($"{o.Name}: __bug_table is {table.Size} bytes of {size}-byte bug_entry records without file and line (a layout tpsim does not read)");
        }
        ulong Pointer(ulong at) => layout.BugRelativePointers
            ? at + (ulong)(long)(int)(uint)engine.ReadWord(at, 4, order)
            : engine.ReadWord(at, wordSize, order);
        for (var e = table.Address; e < table.Address + table.Size; e += size)
        {
            var address = Pointer(e);
            var file = Pointer(e + field);
            var line = (int)engine.ReadWord(e + 2 * field, 2, order);
            _entries[address] = new BugEntry(address, ReadString(engine, file), line, e + 2 * field + 2);
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

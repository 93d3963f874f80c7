using System.Globalization;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Unicorn;
using Tpsim.KernelSim.Kernel;

namespace Tpsim.KernelSim.Memory;

/// <summary>
/// kmalloc/kfree over a region of guest address space, built to make every misuse visible in the emulator:
/// each allocation gets its own pages (size rounded up to 4 KiB, mapped read/write) followed by an unmapped
/// guard page, addresses are handed out by a bump pointer and never reused, and <see cref="Kfree"/> unmaps.
/// So an overrun hits the guard page and any use after free is an unmapped access. Fresh pages read as zero.
/// <see cref="Faults"/> injects allocation failures; a <see cref="GfpFlags.NoFail"/> allocation never consumes one,
/// as the kernel's fault injection returns early for __GFP_NOFAIL, so the failure lands on a later allocation.
/// A kfree of anything but a live allocation start logs "bad-free" and throws <see cref="KernelBugException"/>;
/// running out of region throws with kind "oom" (a test set-up error, not a modelled kmalloc failure).
/// </summary>
public sealed class KernelHeap
{
    public const ulong PageSize = 0x1000;

    private readonly IEmulatedMemory _memory;
    private readonly Dmesg _dmesg;
    private readonly Dictionary<ulong, Allocation> _live = [];
    private readonly Dictionary<ulong, string> _freed = [];
    private ulong _next;

    public KernelHeap(IEmulatedMemory memory, ulong regionBase, ulong regionSize, Dmesg dmesg)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(dmesg);
        if (regionBase % PageSize != 0 || regionSize % PageSize != 0)
        {
            throw new ArgumentException($"heap region 0x{regionBase:x}+0x{regionSize:x} is not 4 KiB aligned");
        }
        if (regionSize < 2 * PageSize || regionBase + regionSize < regionBase)
        {
            throw new ArgumentException($"heap region 0x{regionBase:x}+0x{regionSize:x} is too small or wraps");
        }
        _memory = memory;
        _dmesg = dmesg;
        RegionBase = regionBase;
        RegionSize = regionSize;
        _next = regionBase;
    }

    public ulong RegionBase { get; }

    public ulong RegionSize { get; }

    public AllocationFaults Faults { get; } = new();

    /// <summary>Allocations not yet freed.</summary>
    public int LiveAllocations => _live.Count;

    /// <summary>Successful allocations so far.</summary>
    public long AllocationCount { get; private set; }

    /// <summary>Allocations that returned 0 because of an injected failure.</summary>
    public long FailedCount { get; private set; }

    /// <summary>Bytes of guest address space not yet handed out (each allocation also uses a guard page).</summary>
    public ulong Remaining => RegionBase + RegionSize - _next;

    /// <summary>
    /// Returns the start of a fresh allocation of at least <paramref name="size"/> bytes, or 0 when an injected
    /// failure applies to it. <paramref name="path"/> names the caller for <see cref="AllocationFaults.FailPath"/>.
    /// </summary>
    public ulong Kmalloc(ulong size, GfpFlags flags, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // The kernel's fault injection (should_failslab) returns early for __GFP_NOFAIL: such an allocation never
        // consumes an injected failure, which stays pending for the next allocation that may fail.
        if ((flags & GfpFlags.NoFail) == 0 && Faults.TryConsume(path))
        {
            FailedCount++;
            _dmesg.Add("alloc-failed", $"kmalloc({size}, {FlagsName(flags)}) for {path}: injected failure, returning NULL");
            return 0;
        }
        var mapped = RoundUp(Math.Max(size, 1));
        if (mapped > Remaining || Remaining - mapped < PageSize)
        {
            var text = $"kmalloc({size}) for {path}: heap region 0x{RegionBase:x}+0x{RegionSize:x} exhausted (addresses are never reused)";
            _dmesg.Add("oom", text);
            throw new KernelBugException("oom", text);
        }
        var address = _next;
        _memory.Map(address, mapped, UcProt.Read | UcProt.Write);
        _next = address + mapped + PageSize;
        _live.Add(address, new Allocation(size, mapped, path));
        AllocationCount++;
        return address;
    }

    /// <summary>Frees an allocation: 0 is a no-op; anything but a live allocation start is a kernel bug.</summary>
    public void Kfree(ulong address)
    {
        if (address == 0)
        {
            return;
        }
        if (!_live.Remove(address, out var allocation))
        {
            var why = _freed.TryGetValue(address, out var path)
                ? $"double free of 0x{address:x} (allocated for {path})"
                : $"0x{address:x} is not the start of a live allocation";
            var text = $"kfree: {why}";
            _dmesg.Add("bad-free", text);
            throw new KernelBugException("bad-free", text);
        }
        _memory.Unmap(address, allocation.Mapped);
        _freed[address] = allocation.Path;
    }

    /// <summary>Whether <paramref name="address"/> is the start of an allocation that has not been freed.</summary>
    public bool IsLive(ulong address) => _live.ContainsKey(address);

    /// <summary>The requested size of a live allocation.</summary>
    public ulong SizeOf(ulong address) =>
        _live.TryGetValue(address, out var a)
            ? a.Size
            : throw new ArgumentException($"0x{address:x} is not a live allocation", nameof(address));

    /// <summary>The live allocation containing <paramref name="address"/>, if any.</summary>
    public bool TryFindAllocation(ulong address, out ulong start)
    {
        foreach (var (s, a) in _live)
        {
            if (address >= s && address < s + a.Mapped)
            {
                start = s;
                return true;
            }
        }
        start = 0;
        return false;
    }

    private static ulong RoundUp(ulong size) => (size + PageSize - 1) & ~(PageSize - 1);

    private static string FlagsName(GfpFlags flags) =>
        (flags & GfpFlags.Atomic) != 0 ? "GFP_ATOMIC" : "GFP_KERNEL";

    private readonly record struct Allocation(ulong Size, ulong Mapped, string Path);

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"KernelHeap(live={LiveAllocations}, allocated={AllocationCount}, failed={FailedCount})");
}

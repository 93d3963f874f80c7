using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Emulator.Checking;

/// <summary>Turns what Unicorn reports (a trapping pc, a memory-hook type, a stop code) into report terms.</summary>
public static class GuestEvents
{
    /// <summary>
    /// Decodes the instruction at <paramref name="pc"/> and names the trap's kind: "kcfi" when the ISA
    /// recognises the trap as a failed Clang kCFI check (with both type hashes and the target), else
    /// "breakpoint" or "invalid-instruction".
    /// </summary>
    /// <param name="symbolize">Names a kCFI target address (null when unknown); fills <see cref="TrapInfo.Target"/>.</param>
    public static TrapInfo Trap(Engine engine, IsaBackend isa, ulong pc, Func<ulong, string?>? symbolize = null)
    {
        var bytes = new byte[4];
        var text = engine.TryRead(pc, bytes) ? isa.DescribeTrap(bytes) : "(unreadable)";
        if (isa.DecodeKcfi(engine, pc) is { } kcfi)
        {
            return new TrapInfo(TrapKinds.Kcfi, pc, text)
            {
                ExpectedType = kcfi.ExpectedType,
                TargetType = kcfi.TargetType,
                TargetAddress = kcfi.TargetAddress,
                Target = symbolize?.Invoke(kcfi.TargetAddress),
            };
        }
        if (isa.TrapKind(engine, pc) is { } isaKind)
        {
            return new TrapInfo(isaKind, pc, text);
        }
        // ppc64's trap instructions (tw, td, twi, tdi; "trap" is tw 31,0,0) are its breakpoints, and what BUG() executes.
        // MIPS "break" is the kernel's BUG() and the debugger's breakpoint alike.
        var kind = text.StartsWith("brk", StringComparison.Ordinal) || text.Contains("ebreak", StringComparison.Ordinal) || text == "int3"
            || text.StartsWith("break", StringComparison.Ordinal)
            || text == "trap" || text.StartsWith("tw", StringComparison.Ordinal) || text.StartsWith("td", StringComparison.Ordinal)
            ? TrapKinds.Breakpoint
            : TrapKinds.InvalidInstruction;
        return new TrapInfo(kind, pc, text);
    }

    /// <summary>
    /// Names an address by the symbols of <paramref name="objects"/>, enumerated anew on each call (so a
    /// lazily grown set is seen whole): the symbol at the address (the ordinally first of several), else
    /// "sym+0xN" for the nearest symbol below it in the same executable section, else null.
    /// </summary>
    public static Func<ulong, string?> Symbolizer(IEnumerable<LoadedObject> objects) => address =>
    {
        string? best = null;
        ulong bestAt = 0;
        foreach (var obj in objects)
        {
            var range = obj.ExecutableRanges.Where(r => r.Contains(address)).Select(r => (AddressRange?)r).FirstOrDefault();
            foreach (var (name, at) in obj.Symbols)
            {
                // Skip assembler-local labels (.L*) and ELF mapping symbols ($x, $d), which may share a function's address.
                if (name.Length == 0 || name[0] is '.' or '$' || at > address)
                {
                    continue;
                }
                var exact = at == address;
                if (!exact && (range is not { } section || !section.Contains(at)))
                {
                    continue;
                }
                if (best is null || at > bestAt || (at == bestAt && string.CompareOrdinal(name, best) < 0))
                {
                    best = name;
                    bestAt = at;
                }
            }
        }
        return best is null ? null : bestAt == address ? best : $"{best}+0x{address - bestAt:x}";
    };

    public static string Access(UcMemType type) => type switch
    {
        UcMemType.FetchUnmapped or UcMemType.FetchProt or UcMemType.Fetch => "fetch",
        UcMemType.WriteUnmapped or UcMemType.WriteProt or UcMemType.Write => "write",
        _ => "read",
    };

    public static string Access(UcError err) => err switch
    {
        UcError.FetchUnmapped or UcError.FetchProt => "fetch",
        UcError.WriteUnmapped or UcError.WriteProt => "write",
        _ => "read",
    };

    public static bool IsMemoryError(UcError err) => err is UcError.ReadUnmapped or UcError.WriteUnmapped or UcError.FetchUnmapped
        or UcError.ReadProt or UcError.WriteProt or UcError.FetchProt;

    public static bool IsTrapError(UcError err) => err is UcError.InsnInvalid or UcError.Exception;
}

/// <summary>Stable trap kind names (a JSON contract).</summary>
public static class TrapKinds
{
    public const string InvalidInstruction = "invalid-instruction";
    public const string Breakpoint = "breakpoint";

    /// <summary>A failed Clang <c>-fsanitize=kcfi</c> call check: the target's type hash is not the one the call site expects.</summary>
    public const string Kcfi = "kcfi";

    /// <summary>An arm64 Branch Target exception: an indirect branch to an instruction that is not a landing pad, in a guarded page (pac-bti).</summary>
    public const string Bti = "bti";
}

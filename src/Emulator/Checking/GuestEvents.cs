using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Emulator.Checking;

/// <summary>Turns what Unicorn reports (a trapping pc, a memory-hook type, a stop code) into report terms.</summary>
public static class GuestEvents
{
    /// <summary>Decodes the instruction at <paramref name="pc"/> and names the trap's kind.</summary>
    public static TrapInfo Trap(Engine engine, IsaBackend isa, ulong pc)
    {
        var bytes = new byte[4];
        var text = engine.TryRead(pc, bytes) ? isa.DescribeTrap(bytes) : "(unreadable)";
        var kind = text.StartsWith("brk", StringComparison.Ordinal) || text.Contains("ebreak", StringComparison.Ordinal) || text == "int3"
            ? "breakpoint"
            : "invalid-instruction";
        return new TrapInfo(kind, pc, text);
    }

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

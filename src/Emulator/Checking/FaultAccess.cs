using Tpsim.Emulator.Unicorn;

namespace Tpsim.Emulator.Checking;

/// <summary>The access that faulted; spelled by <see cref="KindNames.ToName(FaultAccess)"/> (a JSON contract).</summary>
public enum FaultAccess
{
    [Spelling("fetch")]
    Fetch,

    [Spelling("read")]
    Read,

    [Spelling("write")]
    Write,
}

/// <summary>The access Unicorn's memory-hook types and stop codes stand for.</summary>
public static class FaultAccesses
{
    public static FaultAccess Of(UcMemType type) => type switch
    {
        UcMemType.FetchUnmapped or UcMemType.FetchProt or UcMemType.Fetch => FaultAccess.Fetch,
        UcMemType.WriteUnmapped or UcMemType.WriteProt or UcMemType.Write => FaultAccess.Write,
        _ => FaultAccess.Read,
    };

    public static FaultAccess Of(UcError err) => err switch
    {
        UcError.FetchUnmapped or UcError.FetchProt => FaultAccess.Fetch,
        UcError.WriteUnmapped or UcError.WriteProt => FaultAccess.Write,
        _ => FaultAccess.Read,
    };
}

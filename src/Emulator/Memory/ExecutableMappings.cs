using Tpsim.Emulator.Unicorn;

namespace Tpsim.Emulator.Memory;

/// <summary>
/// The protection to ask Unicorn for when mapping code. Unicorn 2.0.1's s390x fetches instructions only
/// from writable pages: its TLB fill checks the target page with <c>address_space_access_valid</c>,
/// passing the access type where that function expects "is write", so an instruction fetch (access type
/// 2) from a page without <see cref="UcProt.Write"/> is refused as an addressing exception and the CPU
/// stops with a program interrupt before the first instruction. On that engine, and only there, an
/// executable mapping is also made writable. Text then no longer faults on a store, which no check of
/// tpsim relies on for s390x (the loader's page-protection tests run on the other ISAs).
/// </summary>
public static class ExecutableMappings
{
    /// <summary><paramref name="requested"/>, plus <see cref="UcProt.Write"/> for executable pages of an s390x engine.</summary>
    public static UcProt Protection(IEmulatedMemory memory, UcProt requested) =>
        NeedsWritableText(memory) && requested.HasFlag(UcProt.Exec) ? requested | UcProt.Write : requested;

    /// <summary>True for an engine whose instruction fetches need writable pages (Unicorn 2.0.1 s390x).</summary>
    public static bool NeedsWritableText(IEmulatedMemory memory) => memory is Engine { Arch: UcArch.S390x };
}

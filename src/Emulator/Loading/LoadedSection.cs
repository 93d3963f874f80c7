namespace Tpsim.Emulator.Loading;

/// <summary>An allocatable section as placed in guest memory.</summary>
/// <param name="IsNoBits">True for .bss-like sections, which the loader zero-fills.</param>
public sealed record LoadedSection(string Name, ulong Address, ulong Size, ulong Alignment, bool IsWritable, bool IsExecutable, bool IsNoBits)
{
    /// <summary>The name of the call stubs the loader adds to an object that needs them (the kernel's module loader calls its own .stubs).</summary>
    public const string CallStubsName = ".stubs (loader)";

    public AddressRange Range => new(Address, Address + Size);
}

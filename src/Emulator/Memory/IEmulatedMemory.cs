using Tpsim.Emulator.Unicorn;

namespace Tpsim.Emulator.Memory;

/// <summary>
/// The guest address space as the loader and the kernel model see it. Addresses and sizes passed to
/// <see cref="Map"/> and <see cref="Unmap"/> must be 4 KiB aligned (a Unicorn 2.0.1 requirement).
/// </summary>
public interface IEmulatedMemory
{
    void Map(ulong address, ulong size, UcProt protection);

    void Unmap(ulong address, ulong size);

    void Protect(ulong address, ulong size, UcProt protection);

    void Write(ulong address, ReadOnlySpan<byte> bytes);

    void Read(ulong address, Span<byte> bytes);
}

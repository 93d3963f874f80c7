using LibObjectFile.Elf;

namespace Tpsim.Emulator.Loading;

/// <summary>
/// Reads an ELF file with LibObjectFile and accepts only what the loader can place: ELF64 or ELF32,
/// either byte order (LibObjectFile decodes ELFDATA2MSB headers, tables and relocations), ET_REL.
/// </summary>
internal static class RelocatableFile
{
    public static ElfFile Read(byte[] elf, string objectName)
    {
        using var stream = new MemoryStream(elf, writable: false);
        if (!ElfFile.IsElf(stream))
        {
            throw NotRelocatable(objectName, "not an ELF file");
        }
        stream.Position = 0;
        if (!ElfFile.TryRead(stream, out var file, out var diagnostics, new ElfReaderOptions()))
        {
            throw NotRelocatable(objectName, $"unreadable ELF: {diagnostics.ToString().Trim()}");
        }
        if (file.FileClass is not (ElfFileClass.Is64 or ElfFileClass.Is32) || file.Encoding is not (ElfEncoding.Lsb or ElfEncoding.Msb))
        {
            throw NotRelocatable(objectName, $"{file.FileClass} {file.Encoding} object; only ELF64 and ELF32, little- or big-endian, are supported");
        }
        if (file.FileType != ElfFileType.Relocatable)
        {
            throw NotRelocatable(objectName, $"ELF type is {file.FileType}, not a relocatable object (ET_REL, the format of a .ko)");
        }
        return file;
    }

    /// <summary>The byte order of the object's fields (EI_DATA), as <see cref="IRelocator.ByteOrder"/> states it.</summary>
    public static Memory.ByteOrder ByteOrder(ElfFile file) =>
        file.Encoding == ElfEncoding.Msb ? Memory.ByteOrder.BigEndian : Memory.ByteOrder.LittleEndian;

    /// <summary>The class in bits, as <see cref="IRelocator.ElfClass"/> states it: 32 or 64.</summary>
    public static int ClassBits(ElfFile file) => file.FileClass == ElfFileClass.Is32 ? 32 : 64;

    /// <summary>One past the highest address an object of this class can refer to: 4 GiB for ELF32; none (0) for ELF64.</summary>
    public static ulong AddressLimit(ElfFile file) => file.FileClass == ElfFileClass.Is32 ? 1UL << 32 : 0;

    private static LoaderException NotRelocatable(string objectName, string message) =>
        new(LoaderError.NotRelocatable, objectName, message);
}

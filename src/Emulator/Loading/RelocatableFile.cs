using LibObjectFile.Elf;

namespace Tpsim.Emulator.Loading;

/// <summary>Reads an ELF file with LibObjectFile and accepts only what the loader can place: ELF64, little-endian, ET_REL.</summary>
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
        if (file.FileClass != ElfFileClass.Is64 || file.Encoding != ElfEncoding.Lsb)
        {
            throw NotRelocatable(objectName, $"{file.FileClass} {file.Encoding} object; only ELF64 little-endian is supported");
        }
        if (file.FileType != ElfFileType.Relocatable)
        {
            throw NotRelocatable(objectName, $"ELF type is {file.FileType}, not a relocatable object (ET_REL, the format of a .ko)");
        }
        return file;
    }

    private static LoaderException NotRelocatable(string objectName, string message) =>
        new(LoaderError.NotRelocatable, objectName, message);
}

using System.Security.Cryptography;
using System.Text;
using LibObjectFile.Elf;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Memory;

namespace Tpsim.Emulator.Toolchain;

/// <summary>
/// Disassembly for reports via <c>llvm-objdump-19 -d</c>, of an object or of raw guest bytes (wrapped in a
/// one-section ELF so objdump prints guest addresses). Cached like <see cref="Compiler"/>. Thread-safe.
/// </summary>
public sealed class Disassembler
{
    private const string CacheFormat = "tpsim-disasm-1";

    private readonly ArtifactCache _cache;
    private readonly string _objdump;
    private readonly TimeSpan _timeout;
    private readonly Lazy<ToolLocator.Tool> _tool;
    private long _processesSpawned;

    public Disassembler(string? cacheDirectory = null, TimeSpan? timeout = null, string objdump = "llvm-objdump-19")
    {
        _cache = new ArtifactCache(Path.Combine(cacheDirectory ?? Compiler.DefaultCacheDirectory(), "disasm"), ".txt");
        _objdump = objdump;
        _timeout = timeout ?? TimeSpan.FromSeconds(60);
        _tool = new Lazy<ToolLocator.Tool>(() => ToolLocator.Find(_objdump));
    }

    /// <summary>objdump processes this instance has started; unchanged by cache hits.</summary>
    public long ProcessesSpawned => Interlocked.Read(ref _processesSpawned);

    /// <summary>Disassembles every executable section of an ELF object; <paramref name="name"/> replaces the temp path in objdump's header.</summary>
    public string Disassemble(IsaBackend isa, byte[] elfObject, string name = "object.o")
    {
        ArgumentNullException.ThrowIfNull(isa);
        ArgumentNullException.ThrowIfNull(elfObject);
        var tool = _tool.Value;
        List<string> arguments = ["-d", $"--triple={isa.Toolchain.Triple}", .. isa.Toolchain.DisassemblerOptions];
        var key = ArtifactCache.Key([CacheFormat, tool.Identity, string.Join('\0', arguments), name, Convert.ToHexStringLower(SHA256.HashData(elfObject))]);
        if (_cache.TryGet(key, _ => true, out var cached))
        {
            return Encoding.UTF8.GetString(cached);
        }
        var work = Directory.CreateTempSubdirectory("tpsim-objdump-");
        try
        {
            var input = Path.Combine(work.FullName, "input.o");
            File.WriteAllBytes(input, elfObject);
            Interlocked.Increment(ref _processesSpawned);
            var result = ToolProcess.Run(_objdump, tool.Path, [.. arguments, input], _timeout, $"disassembling {name}");
            if (result.ExitCode != 0)
            {
                throw new ToolchainException(result.StandardError.Replace(input, name, StringComparison.Ordinal).Trim(), result.ExitCode);
            }
            var text = result.StandardOutput.Replace(input, name, StringComparison.Ordinal).Trim() + "\n";
            _cache.Put(key, Encoding.UTF8.GetBytes(text));
            return text;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Disassembles <paramref name="code"/> as if it sat at guest address <paramref name="address"/>.</summary>
    public string Disassemble(IsaBackend isa, ReadOnlySpan<byte> code, ulong address)
    {
        ArgumentNullException.ThrowIfNull(isa);
        var relocator = isa.Relocator;
        var elf = new ElfFile((ElfArch)relocator.Machine, relocator.ElfClass == 64 ? ElfFileClass.Is64 : ElfFileClass.Is32,
            relocator.ByteOrder == ByteOrder.BigEndian ? ElfEncoding.Msb : ElfEncoding.Lsb) { FileType = ElfFileType.Relocatable };
        elf.Add(new ElfStreamSection(ElfSectionSpecialType.Text, new MemoryStream(code.ToArray())) { VirtualAddress = address });
        elf.Add(new ElfSectionHeaderStringTable());
        elf.Add(new ElfSectionHeaderTable());
        using var stream = new MemoryStream();
        elf.Write(stream);
        return Disassemble(isa, stream.ToArray(), $"0x{address:x}");
    }
}

namespace Tpsim.Tests.Emulator.Loading;

/// <summary>A compile cache directory private to one test class, deleted afterwards.</summary>
public sealed class TempCache : IDisposable
{
    public TempCache()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("tpsim-test-cache-").FullName;
        Compiler = new global::Tpsim.Emulator.Toolchain.Compiler(Directory);
    }

    public string Directory { get; }

    /// <summary>A compiler sharing this cache; tests that count processes make their own.</summary>
    public global::Tpsim.Emulator.Toolchain.Compiler Compiler { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

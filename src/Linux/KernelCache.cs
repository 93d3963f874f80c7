namespace Tpsim.Linux;

/// <summary>
/// Where real-kernel work lives, under tpsim's cache directory: <c>kernel/trees</c> (unpacked and patched sources),
/// <c>kernel/builds</c> (kbuild <c>O=</c> directories) and <c>kernel/logs</c> (kbuild's output, kept when a build
/// fails). An entry counts only once its stamp is written, so an interrupted unpack or build is redone, never used.
/// </summary>
public sealed class KernelCache(string cacheDirectory)
{
    public string Root { get; } = Path.Combine(cacheDirectory, "kernel");

    public string Trees => Path.Combine(Root, "trees");

    public string Builds => Path.Combine(Root, "builds");

    public string Logs => Path.Combine(Root, "logs");

    /// <summary>The file whose presence marks a finished entry.</summary>
    public const string StampName = "tpsim-complete.json";

    public static bool IsComplete(string directory) => File.Exists(Path.Combine(directory, StampName));

    /// <summary>
    /// Holds an exclusive lock on <paramref name="name"/> under the cache (an advisory file lock, released when
    /// disposed or when the process dies), so two tpsim processes never build the same entry at once.
    /// </summary>
    public IDisposable Lock(string name)
    {
        var locks = Path.Combine(Root, "locks");
        Directory.CreateDirectory(locks);
        var path = Path.Combine(locks, name + ".lock");
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                Thread.Sleep(200);
            }
        }
    }
}

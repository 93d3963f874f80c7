using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Tpsim.Emulator.Toolchain;

/// <summary>
/// Tool outputs by content key, in memory and under a directory shared by every tpsim process.
/// Files appear by rename of a finished temp file, so a concurrent reader sees all of one or nothing.
/// </summary>
internal sealed class ArtifactCache
{
    private readonly ConcurrentDictionary<string, byte[]> _memory = new(StringComparer.Ordinal);
    private readonly string _directory;
    private readonly string _extension;

    public ArtifactCache(string directory, string extension)
    {
        _directory = directory;
        _extension = extension;
    }

    /// <summary>SHA-256 of the parts, each length-prefixed so ("ab","c") and ("a","bc") differ.</summary>
    public static string Key(IEnumerable<string> parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in parts)
        {
            var bytes = Encoding.UTF8.GetBytes(part);
            hash.AppendData(BitConverter.GetBytes((long)bytes.Length));
            hash.AppendData(bytes);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public string PathOf(string key) => Path.Combine(_directory, key + _extension);

    public bool TryGet(string key, Func<byte[], bool> isValid, out byte[] value)
    {
        if (_memory.TryGetValue(key, out value!))
        {
            return true;
        }
        try
        {
            value = File.ReadAllBytes(PathOf(key));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
        if (!isValid(value))
        {
            return false;
        }
        _memory[key] = value;
        return true;
    }

    public void Put(string key, byte[] value)
    {
        _memory[key] = value;
        var temp = Path.Combine(_directory, $"{key}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(_directory);
            File.WriteAllBytes(temp, value);
            File.Move(temp, PathOf(key), overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The disk cache only saves time: an unwritable cache directory must not fail the compile.
            TryDelete(temp);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}

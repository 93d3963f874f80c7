using System.Diagnostics;

namespace Tpsim.Tests.Emulator.Loading;

/// <summary>llvm-readelf-19 as an oracle independent of LibObjectFile and the loader.</summary>
public static class ReadElf
{
    /// <summary>The output of <c>llvm-readelf-19 -r</c> for an object.</summary>
    public static string Relocations(byte[] obj) => Run("-r", obj);

    public static string Run(string option, byte[] obj)
    {
        var path = Path.Combine(Path.GetTempPath(), $"tpsim-readelf-{Guid.NewGuid():N}.o");
        File.WriteAllBytes(path, obj);
        try
        {
            var start = new ProcessStartInfo("llvm-readelf-19") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(option);
            start.ArgumentList.Add(path);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start llvm-readelf-19");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("llvm-readelf-19 hung");
            }
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"llvm-readelf-19 failed: {stderr.Result}");
            }
            return stdout.Result;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>True when some relocation line names exactly <paramref name="type"/> (not a longer name it prefixes).</summary>
    public static bool HasType(string relocations, string type) =>
        relocations.Split('\n').Any(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(type));
}

using Tpsim.Harness.Cases;

namespace Tpsim.Cli.Commands;

/// <summary>Reads the user's stub file, turning every way it can be wrong into a <see cref="CliErrors"/> message.</summary>
public static class StubFiles
{
    private static readonly string[] Extensions = [".c", ".S", ".s"];

    public static StubSource Read(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw CliErrors.StubIsDirectory(path);
        }
        if (!File.Exists(full))
        {
            throw CliErrors.StubNotFound(path);
        }
        if (!Extensions.Contains(Path.GetExtension(full), StringComparer.Ordinal))
        {
            throw CliErrors.StubExtension(path);
        }
        try
        {
            return StubSource.FromFile(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliErrors.StubUnreadable(path, ex);
        }
        catch (ArgumentException)
        {
            throw CliErrors.StubExtension(path);
        }
    }
}

namespace Tpsim.Linux;

/// <summary>
/// A kernel the user named cannot be used as asked: not a kernel tree, too old, a patch that does not apply, a config
/// that does not build. One message for the user (exit 2); <see cref="LogPath"/> names kbuild's log when there is one.
/// </summary>
public sealed class KernelInputException(string message, string? logPath = null) : Exception(message)
{
    public string? LogPath { get; } = logPath;
}

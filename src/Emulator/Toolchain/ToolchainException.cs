namespace Tpsim.Emulator.Toolchain;

/// <summary>
/// An LLVM tool failed, timed out, or is not installed. For a failed compile the message is the
/// compiler's own diagnostics, citing the source by the name the caller gave (file:line:col).
/// </summary>
public sealed class ToolchainException : Exception
{
    public ToolchainException(string message, int? exitCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    /// <summary>The tool's exit code, or null when it never ran to completion.</summary>
    public int? ExitCode { get; }
}

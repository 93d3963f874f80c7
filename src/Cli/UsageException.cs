namespace Tpsim.Cli;

/// <summary>A problem with what the user asked for; reported as one line and exit code 2. Built by <see cref="CliErrors"/>.</summary>
public sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

namespace Tpsim.Cli;

/// <summary>Process exit codes of tpsim; a contract for scripts and CI that call it.</summary>
public static class ExitCodes
{
    /// <summary>Every verdict matched its expectation (check: the stub is balanced).</summary>
    public const int Ok = 0;

    /// <summary>The run completed, but at least one verdict differs from its expectation.</summary>
    public const int Failed = 1;

    /// <summary>Bad input: options, files, a stub that does not build, a missing native dependency.</summary>
    public const int Usage = 2;

    /// <summary>A bug in tpsim itself (EX_SOFTWARE), kept apart from 2 so it is never blamed on the user.</summary>
    public const int Internal = 70;
}

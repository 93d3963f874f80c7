namespace Tpsim.Harness.Cases;

/// <summary>A user-supplied stub cannot be run as given (for example it defines no <c>tp_stub_func</c>); maps to exit code 2.</summary>
public sealed class CaseInputException(string message) : Exception(message);

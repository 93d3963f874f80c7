namespace Tpsim.Emulator.Unicorn;

/// <summary>A Unicorn API call failed; carries the native code and <c>uc_strerror</c>'s text.</summary>
public sealed class UnicornException : Exception
{
    public UnicornException(UcError code, string operation, string message)
        : base($"{operation}: {message} ({code})")
    {
        Code = code;
        Operation = operation;
    }

    public UcError Code { get; }

    public string Operation { get; }

    internal static UnicornException From(UcError code, string operation) =>
        new(code, operation, UnicornNative.StrError(code));
}

using System.Runtime.CompilerServices;

namespace Tpsim.Emulator.Unicorn;

/// <summary>
/// The operation text of a failed Unicorn call, built only when the call failed: every memory and register access
/// names itself, and formatting that text on success cost more than the access during a fire.
/// </summary>
[InterpolatedStringHandler]
internal ref struct FailureMessage
{
    private DefaultInterpolatedStringHandler _inner;
    private readonly bool _failed;

    public FailureMessage(int literalLength, int formattedCount, UcError err, out bool shouldAppend)
    {
        _failed = err != UcError.Ok;
        shouldAppend = _failed;
        _inner = _failed ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
    }

    public void AppendLiteral(string value) => _inner.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _inner.AppendFormatted(value);

    public void AppendFormatted<T>(T value, string? format) => _inner.AppendFormatted(value, format);

    public string ToStringAndClear() => _failed ? _inner.ToStringAndClear() : "";
}

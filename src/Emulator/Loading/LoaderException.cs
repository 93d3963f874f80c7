namespace Tpsim.Emulator.Loading;

/// <summary>
/// The loader refused an object. The message starts with the object name and ends with the
/// diagnostic id, for example <c>stub.o: undefined symbol 'foo' [TPL001]</c>.
/// </summary>
public sealed class LoaderException : Exception
{
    public LoaderException(LoaderError error, string objectName, string message, Exception? innerException = null)
        : base($"{objectName}: {message} [{IdOf(error)}]", innerException)
    {
        Error = error;
        ObjectName = objectName;
        Detail = message;
    }

    /// <summary>The message without the object name and the id.</summary>
    public string Detail { get; }

    public LoaderError Error { get; }

    /// <summary>Stable diagnostic id such as <c>TPL001</c>.</summary>
    public string Id => IdOf(Error);

    public string ObjectName { get; }

    public static string IdOf(LoaderError error) => $"TPL{(int)error:D3}";
}

namespace Tpsim.Linux.Trees;

/// <summary>
/// A <c>--kernel</c> value: <c>model</c> (the default), a packaged source by name (<c>linux-6.12</c>), or the path of a
/// kernel source tree. Parsing only names the kernel; <see cref="KernelTrees.Open"/> finds and checks the tree.
/// </summary>
public sealed record KernelSpec(KernelSpecKind Kind, string Text, PackagedSource? Package, string? TreePath)
{
    public const string ModelName = "model";

    public static KernelSpec Model { get; } = new(KernelSpecKind.Model, ModelName, null, null);

    public bool IsModel => Kind == KernelSpecKind.Model;

    public override string ToString() => Text;

    /// <summary>The spellings <c>--kernel</c> takes, for messages and help.</summary>
    public static string Spellings => $"{ModelName}, {string.Join(", ", PackagedSource.All.Select(p => p.Name))}, or the path of a kernel source tree";

    public static bool TryParse(string text, out KernelSpec spec, out string? error)
    {
        spec = Model;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"--kernel needs a value: {Spellings}";
            return false;
        }
        if (text == ModelName)
        {
            return true;
        }
        if (PackagedSource.All.FirstOrDefault(p => p.Name == text) is { } package)
        {
            spec = new KernelSpec(KernelSpecKind.Package, text, package, null);
            return true;
        }
        // Anything else must be a directory; a bare word that is not one is most likely a misspelt name.
        if (Directory.Exists(text))
        {
            spec = new KernelSpec(KernelSpecKind.Tree, text, null, Path.GetFullPath(text));
            return true;
        }
        error = File.Exists(text)
            ? $"--kernel {text}: a file, not a directory; expected {Spellings}"
            : $"--kernel {text}: no such directory and no kernel of that name; expected {Spellings}";
        return false;
    }

    public static KernelSpec Parse(string text) =>
        TryParse(text, out var spec, out var error) ? spec : throw new KernelInputException(error!);
}

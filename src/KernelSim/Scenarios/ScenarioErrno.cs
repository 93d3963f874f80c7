namespace Tpsim.KernelSim.Scenarios;

/// <summary>The symbolic return values <c>expect return</c> accepts, as the kernel's negative errno values.</summary>
public static class ScenarioErrno
{
    public const long ENOENT = -2;
    public const long ENOMEM = -12;
    public const long EEXIST = -17;
    public const long EINVAL = -22;

    private static readonly (string Name, long Value)[] Known =
    [
        ("-ENOENT", ENOENT),
        ("-ENOMEM", ENOMEM),
        ("-EEXIST", EEXIST),
        ("-EINVAL", EINVAL),
    ];

    /// <summary>The value of a symbolic name such as <c>-ENOMEM</c>.</summary>
    public static bool TryParse(string name, out long value)
    {
        foreach (var (n, v) in Known)
        {
            if (n == name)
            {
                value = v;
                return true;
            }
        }
        value = 0;
        return false;
    }

    /// <summary><c>-ENOMEM</c> for -12 and so on; other values in decimal.</summary>
    public static string Format(long value)
    {
        foreach (var (n, v) in Known)
        {
            if (v == value)
            {
                return n;
            }
        }
        return value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

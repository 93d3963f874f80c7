using System.Globalization;

namespace Tpsim.KernelSim.Kernel;

/// <summary>
/// The few errno values the tracepoint API returns (include/uapi/asm-generic/errno-base.h). Kernel functions
/// return them negated; <see cref="Name"/> and <see cref="TryParse"/> use that negated form.
/// </summary>
public static class Errno
{
    public const int ENOENT = 2;
    public const int ENOMEM = 12;
    public const int EEXIST = 17;
    public const int EINVAL = 22;

    private static readonly (int Value, string Name)[] Known =
    [
        (ENOENT, "ENOENT"),
        (ENOMEM, "ENOMEM"),
        (EEXIST, "EEXIST"),
        (EINVAL, "EINVAL"),
    ];

    /// <summary>0 as "0", a known negative errno as "-ENOMEM", anything else as its decimal value ("-99", "5").</summary>
    public static string Name(long ret)
    {
        if (ret < 0)
        {
            foreach (var (value, name) in Known)
            {
                if (ret == -value)
                {
                    return "-" + name;
                }
            }
        }
        return ret.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Parses what <see cref="Name"/> prints: "0", "-ENOMEM", "-EEXIST", "-ENOENT", "-EINVAL" or a decimal integer.</summary>
    public static bool TryParse(string text, out long value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var t = text.Trim();
        if (t.StartsWith("-E", StringComparison.Ordinal))
        {
            foreach (var (v, name) in Known)
            {
                if (string.Equals(t[1..], name, StringComparison.Ordinal))
                {
                    value = -v;
                    return true;
                }
            }
            return false;
        }
        return long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}

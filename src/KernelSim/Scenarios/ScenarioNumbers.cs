using System.Globalization;

namespace Tpsim.KernelSim.Scenarios;

/// <summary>Number and name syntax of the scenario language.</summary>
internal static class ScenarioNumbers
{
    private static bool AllDigits(string s, int from)
    {
        if (from >= s.Length)
        {
            return false;
        }
        for (var i = from; i < s.Length; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }
        }
        return true;
    }

    private static bool AllHex(string s, int from)
    {
        if (from >= s.Length)
        {
            return false;
        }
        for (var i = from; i < s.Length; i++)
        {
            if (!char.IsAsciiHexDigit(s[i]))
            {
                return false;
            }
        }
        return true;
    }

    private static bool HasHexPrefix(string s) => s.Length >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');

    /// <summary>A decimal int, optionally negative.</summary>
    public static int SignedInt(ScenarioLine line, string token, string shown, string what)
    {
        var from = token.StartsWith('-') ? 1 : 0;
        if (!AllDigits(token, from))
        {
            throw line.Error($"bad number '{token}': {what} must be a decimal integer", shown);
        }
        if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
        {
            throw line.Error($"number '{token}' is out of range for {what}", shown);
        }
        return v;
    }

    /// <summary>A decimal long, optionally negative.</summary>
    public static bool TryLong(string token, out long value, out bool overflow)
    {
        value = 0;
        overflow = false;
        if (!AllDigits(token, token.StartsWith('-') ? 1 : 0))
        {
            return false;
        }
        if (!long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            overflow = true;
            return false;
        }
        return true;
    }

    /// <summary>Hexadecimal with or without <c>0x</c>, up to 64 bits.</summary>
    public static ulong Hex(ScenarioLine line, string token, string shown, string what)
    {
        var from = HasHexPrefix(token) ? 2 : 0;
        if (!AllHex(token, from))
        {
            throw line.Error($"bad number '{token}': {what} must be hexadecimal", shown);
        }
        if (!ulong.TryParse(token.AsSpan(from), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v))
        {
            throw line.Error($"number '{token}' is out of range for {what} (64 bits)", shown);
        }
        return v;
    }

    /// <summary>
    /// A fire argument: decimal (a negative one is stored in two's complement, down to long.MinValue; a positive one up
    /// to ulong.MaxValue) or <c>0x</c> hexadecimal up to 64 bits.
    /// </summary>
    public static ulong Argument(ScenarioLine line, string token)
    {
        if (HasHexPrefix(token))
        {
            if (!AllHex(token, 2))
            {
                throw line.Error($"bad number '{token}': an argument is decimal or 0x hexadecimal", token);
            }
            if (!ulong.TryParse(token.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h))
            {
                throw line.Error($"argument '{token}' is out of range (64 bits)", token);
            }
            return h;
        }
        var negative = token.StartsWith('-');
        if (!AllDigits(token, negative ? 1 : 0))
        {
            throw line.Error($"bad number '{token}': an argument is decimal or 0x hexadecimal", token);
        }
        if (negative)
        {
            if (!long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            {
                throw line.Error($"argument '{token}' is out of range (below {long.MinValue})", token);
            }
            return unchecked((ulong)n);
        }
        if (!ulong.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var u))
        {
            throw line.Error($"argument '{token}' is out of range (above {ulong.MaxValue})", token);
        }
        return u;
    }

    /// <summary>A C identifier: a letter or underscore, then letters, digits and underscores.</summary>
    public static bool IsIdentifier(string s)
    {
        if (s.Length == 0 || !(char.IsAsciiLetter(s[0]) || s[0] == '_'))
        {
            return false;
        }
        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A dmesg kind: lower-case words of letters and digits joined by single dashes, starting with a letter.</summary>
    public static bool IsKind(string s)
    {
        if (s.Length == 0 || !char.IsAsciiLetterLower(s[0]) || s[^1] == '-')
        {
            return false;
        }
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '-')
            {
                if (s[i - 1] == '-')
                {
                    return false;
                }
            }
            else if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
            {
                return false;
            }
        }
        return true;
    }
}

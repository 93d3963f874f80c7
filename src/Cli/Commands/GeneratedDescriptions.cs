using System.ComponentModel;
using System.Globalization;
using Tpsim.Arch;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Cli.Commands;

/// <summary>An option's help text with the registry's ISA names in place of {0}, so the help lists every ISA there is.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class IsaDescriptionAttribute(string format)
    : DescriptionAttribute(string.Format(CultureInfo.InvariantCulture, format, string.Join(", ", IsaRegistry.Names)));

/// <summary>
/// An option's help text with every build config in place of {0}, each followed by the ISAs it applies to when that is
/// not all of them (stdcall (i386), thumb2 (arm)), from the registry, so the help cannot fall behind.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ConfigDescriptionAttribute(string format)
    : DescriptionAttribute(string.Format(CultureInfo.InvariantCulture, format, Configs()))
{
    private static string Configs() => string.Join(", ", BuildConfigs.All.Select(c =>
    {
        var isas = IsaRegistry.All.Where(i => c == BuildConfigs.Default || i.Toolchain.Configs.ContainsKey(c.Name)).Select(i => i.Name).ToList();
        return isas.Count == IsaRegistry.All.Count ? c.Name : $"{c.Name} ({string.Join(", ", isas)})";
    }));
}

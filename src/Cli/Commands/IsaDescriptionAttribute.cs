using System.ComponentModel;
using System.Globalization;
using Tpsim.Arch;

namespace Tpsim.Cli.Commands;

/// <summary>An option's help text with the registry's ISA names in place of {0}, so the help lists every ISA there is.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class IsaDescriptionAttribute(string format)
    : DescriptionAttribute(string.Format(CultureInfo.InvariantCulture, format, string.Join(", ", IsaRegistry.Names)));

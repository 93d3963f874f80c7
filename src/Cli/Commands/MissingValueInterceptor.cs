using System.Reflection;
using Spectre.Console.Cli;

namespace Tpsim.Cli.Commands;

/// <summary>
/// Refuses an option given without its value. Spectre.Console.Cli 0.57 hands such an option the name of its internal
/// default command as the value, so `matrix --out` would write a file called that; every value option here is a
/// string, so the sentinel is found on the settings before any command runs.
/// </summary>
internal sealed class MissingValueInterceptor : ICommandInterceptor
{
    private const string Sentinel = "__default_command";

    public void Intercept(CommandContext context, CommandSettings settings)
    {
        foreach (var property in settings.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<CommandOptionAttribute>() is { } option && property.GetValue(settings) is Sentinel)
            {
                throw CliErrors.MissingValue($"--{option.LongNames.FirstOrDefault() ?? property.Name.ToLowerInvariant()}");
            }
        }
    }
}

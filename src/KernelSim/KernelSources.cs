using Tpsim.Emulator.Sources;

namespace Tpsim.KernelSim;

/// <summary>The simulated kernel's C sources (the module header, the fixed part of the image), shipped inside the assembly.</summary>
public static class KernelSources
{
    /// <summary>What a module author gets: tracepoint.h and Kernel/module.h, prepended to their source.</summary>
    public static string ModuleHeaderText => $"{GuestSources.Header}\n#line 1 \"tpsim/module.h\"\n{Read("Kernel/module.h")}";

    /// <summary>A module's source with the module header in front; diagnostics still cite <paramref name="fileName"/>.</summary>
    public static string ModuleHeader(string fileName, string source) => $"{ModuleHeaderText}\n#line 1 \"{fileName}\"\n{source}";

    public static string Read(string file)
    {
        using var s = typeof(KernelSources).Assembly.GetManifestResourceStream($"KernelSim/{file}")
            ?? throw new FileNotFoundException($"embedded source KernelSim/{file} is missing");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }
}

namespace Tpsim.KernelSim;

/// <summary>The C sources tpsim compiles per ISA (site, probes, stub, kernel image, module header), shipped inside the assembly.</summary>
public static class KernelSources
{
    /// <summary>Shared declarations prepended to every source; a #line directive keeps diagnostics on the right file.</summary>
    /// <summary>TP_LOG_ARGS of probes.c: the argument words each <c>struct tp_record</c> holds (generated prototypes go up to 16).</summary>
    public const int ProbeLogArgs = 16;

    public static string Header => Read("tracepoint.h");

    /// <summary>The kernel's iterator, once per argument count 0..12.</summary>
    public static string Site => WithHeader("site.c");

    /// <summary>The tracepoint object and recording probes tp_probe_0..tp_probe_12.</summary>
    public static string Probes => WithHeader("probes.c");

    /// <summary><c>void tp_stub_func(void) { return; }</c> as kernel/tracepoint.c has it.</summary>
    public static string Stub => WithHeader("stub.c");

    /// <summary>What a module author gets: tracepoint.h and Kernel/module.h, prepended to their source.</summary>
    public static string ModuleHeaderText => $"{Header}\n#line 1 \"tpsim/module.h\"\n{Read("Kernel/module.h")}";

    public static string WithHeader(string file) => $"{Header}\n#line 1 \"{file}\"\n{Read(file)}";

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

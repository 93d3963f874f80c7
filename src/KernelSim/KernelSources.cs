namespace Tpsim.KernelSim;

/// <summary>The C sources tpsim compiles per ISA (site, probes, stub), shipped inside the assembly.</summary>
public static class KernelSources
{
    /// <summary>Shared declarations prepended to every source; a #line directive keeps diagnostics on the right file.</summary>
    public static string Header => Read("tracepoint.h");

    /// <summary>The kernel's iterator, once per argument count 0..12.</summary>
    public static string Site => WithHeader("site.c");

    /// <summary>The tracepoint object and recording probes tp_probe_0..tp_probe_12.</summary>
    public static string Probes => WithHeader("probes.c");

    /// <summary><c>void tp_stub_func(void) { return; }</c> as kernel/tracepoint.c has it.</summary>
    public static string Stub => WithHeader("stub.c");

    public static string WithHeader(string file) => $"{Header}\n#line 1 \"{file}\"\n{Read(file)}";

    private static string Read(string file)
    {
        using var s = typeof(KernelSources).Assembly.GetManifestResourceStream($"KernelSim/{file}")
            ?? throw new FileNotFoundException($"embedded source KernelSim/{file} is missing");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }
}

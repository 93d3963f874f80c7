using Tpsim.Emulator.Sources;

namespace Tpsim.Harness.Sources;

/// <summary>The harness's C sources (the iterator site and the recording probes), shipped inside the assembly.</summary>
public static class HarnessSources
{
    /// <summary>TP_LOG_ARGS of probes.c: the argument words each <c>struct tp_record</c> holds (generated prototypes go up to 16).</summary>
    public const int ProbeLogArgs = 16;

    /// <summary>The kernel's iterator, once per argument count 0..12.</summary>
    public static string Site => GuestSources.WithHeader("site.c", Read("site.c"));

    /// <summary>The tracepoint object and recording probes tp_probe_0..tp_probe_12.</summary>
    public static string Probes => GuestSources.WithHeader("probes.c", Read("probes.c"));

    public static string Read(string file)
    {
        using var s = typeof(HarnessSources).Assembly.GetManifestResourceStream($"Harness/{file}")
            ?? throw new FileNotFoundException($"embedded source Harness/{file} is missing");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }
}

namespace Tpsim.Emulator.Sources;

/// <summary>
/// The C every guest source starts from: the slice of the kernel's tracepoint headers (tracepoint.h) and
/// <c>tp_stub_func</c> as kernel/tracepoint.c defines it (stub.c), shared by the harness and the simulated kernel.
/// </summary>
public static class GuestSources
{
    /// <summary>tracepoint.h: struct tracepoint, struct tracepoint_func and the P/A argument-list macros.</summary>
    public static string Header => Read("tracepoint.h");

    /// <summary><c>void tp_stub_func(void) { return; }</c> with the header in front.</summary>
    public static string Stub => WithHeader("stub.c", Read("stub.c"));

    /// <summary><paramref name="text"/> after the header; a #line directive keeps diagnostics on <paramref name="fileName"/>.</summary>
    public static string WithHeader(string fileName, string text) => $"{Header}\n#line 1 \"{fileName}\"\n{text}";

    public static string Read(string file)
    {
        using var s = typeof(GuestSources).Assembly.GetManifestResourceStream($"Emulator/{file}")
            ?? throw new FileNotFoundException($"embedded source Emulator/{file} is missing");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }
}

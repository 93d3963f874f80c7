using Tpsim.Emulator.Checking;

namespace Tpsim.KernelSim.Scenarios;

/// <summary>
/// One line of a scenario. <paramref name="Line"/> is 1-based; <paramref name="Text"/> is the line without its comment,
/// trimmed (a trailing <c>when</c> clause included).
/// </summary>
public abstract record ScenarioStep(int Line, string Text)
{
    /// <summary>
    /// The removal strategies named by the line's trailing <c>when S1 S2 ...</c> clause, or null when the line has none
    /// (it runs for every strategy).
    /// </summary>
    public IReadOnlySet<string>? When { get; init; }

    /// <summary>Build configs the <c>when</c> clause names (<c>kcfi</c>, <c>!kcfi</c>), or null for every build.</summary>
    public ConfigFilter? Configs { get; init; }

    /// <summary>Whether the step runs for <paramref name="strategy"/> (in any build).</summary>
    public bool AppliesTo(string strategy) => When is null || When.Contains(strategy);

    /// <summary>Whether the step runs for <paramref name="strategy"/> in a build with <paramref name="config"/>.</summary>
    public bool AppliesTo(string strategy, string config) => AppliesTo(strategy) && (Configs is null || Configs.Allows(config));
}

/// <summary><c>tracepoint NAME NARGS</c>; the same declaration is in <see cref="Scenario.Tracepoints"/>.</summary>
public sealed record DeclareTracepointStep(int Line, string Text, string Name, int ArgCount) : ScenarioStep(Line, Text);

/// <summary>
/// <c>module NAME probes P1 P2 ...</c> or <c>module NAME source FILE.c</c>; <paramref name="Module"/> is the complete declaration
/// (the same object as in <see cref="Scenario.Modules"/>, probe arities filled in).
/// </summary>
public sealed record DeclareModuleStep(int Line, string Text, ModuleDecl Module) : ScenarioStep(Line, Text)
{
    public string Name => Module.Name;
}

/// <summary><c>load MODULE</c>: compile (cached), load, run its init.</summary>
public sealed record LoadStep(int Line, string Text, string Module) : ScenarioStep(Line, Text);

/// <summary><c>unload MODULE</c>: run its exit, unmap it.</summary>
public sealed record UnloadStep(int Line, string Text, string Module) : ScenarioStep(Line, Text);

/// <summary><c>register TP MODULE.PROBE [prio=N] [data=HEX]</c>; prio defaults to <see cref="ScenarioParser.DefaultPrio"/>, data to 0.</summary>
public sealed record RegisterStep(int Line, string Text, string Tracepoint, ProbeRef Probe, int Prio, ulong Data) : ScenarioStep(Line, Text);

/// <summary><c>unregister TP MODULE.PROBE [data=HEX]</c>; data must match the registration and defaults to 0, as for register.</summary>
public sealed record UnregisterStep(int Line, string Text, string Tracepoint, ProbeRef Probe, ulong Data) : ScenarioStep(Line, Text);

/// <summary>
/// <c>fail-alloc [N] [path=NAME]</c>: the next <paramref name="Count"/> kmalloc calls fail (default 1); with a
/// <paramref name="Path"/>, only allocations whose call path is that function (e.g. <c>func_remove</c>, <c>func_add</c>) count and fail.
/// </summary>
public sealed record FailAllocStep(int Line, string Text, int Count, string? Path) : ScenarioStep(Line, Text);

/// <summary><c>fire TP ARG...</c>: run the emulated iterator; negative decimal arguments are stored in two's complement.</summary>
public sealed record FireStep(int Line, string Text, string Tracepoint, IReadOnlyList<ulong> Args) : ScenarioStep(Line, Text);

/// <summary><c>grace-period</c>: end the current RCU grace period.</summary>
public sealed record GracePeriodStep(int Line, string Text) : ScenarioStep(Line, Text);

/// <summary><c>expect return VALUE</c>: the result of the previous register/unregister (see <see cref="ScenarioErrno"/>).</summary>
public sealed record ExpectReturnStep(int Line, string Text, long Value) : ScenarioStep(Line, Text);

/// <summary><c>expect calls MODULE.PROBE...</c>: the real probes the previous fire called, in order; empty for none.</summary>
public sealed record ExpectCallsStep(int Line, string Text, IReadOnlyList<ProbeRef> Calls) : ScenarioStep(Line, Text);

/// <summary>
/// <c>expect array ENTRY...</c>: the current funcs array in order, each entry <see cref="ArrayEntryNames.Stub"/>,
/// <see cref="ArrayEntryNames.Skip"/>, <see cref="ArrayEntryNames.Sentinel"/> or <c>MODULE.PROBE</c>; empty means the array is NULL.
/// </summary>
public sealed record ExpectArrayStep(int Line, string Text, IReadOnlyList<string> Entries) : ScenarioStep(Line, Text);

/// <summary><c>expect verdict balanced|unbalanced|trap|fault|timeout</c>: the verdict of the previous fire.</summary>
public sealed record ExpectVerdictStep(int Line, string Text, Verdict Verdict) : ScenarioStep(Line, Text);

/// <summary><c>expect trap KIND</c>: the trap kind of the previous fire (kcfi, breakpoint, invalid-instruction, kernel-bug), or none.</summary>
public sealed record ExpectTrapStep(int Line, string Text, TrapKind? Kind) : ScenarioStep(Line, Text);

/// <summary>
/// <c>expect dmesg KIND...</c>: kernel messages of these kinds were logged by the previous (non-expect) step, in any order,
/// duplicates allowed; empty means none were logged.
/// </summary>
public sealed record ExpectDmesgStep(int Line, string Text, IReadOnlyList<string> Kinds) : ScenarioStep(Line, Text);

/// <summary>The non-probe entries <c>expect array</c> names.</summary>
public static class ArrayEntryNames
{
    /// <summary>A <c>tp_stub_func</c> entry.</summary>
    public const string Stub = "stub";

    /// <summary>An entry the iterator skips.</summary>
    public const string Skip = "skip";

    /// <summary>A sentinel entry.</summary>
    public const string Sentinel = "sentinel";

    public static bool IsKeyword(string entry) => entry is Stub or Skip or Sentinel;
}

using System.Globalization;
using System.Text;
using Tpsim.KernelSim.Scenarios;

namespace Tpsim.Tests.KernelSim.Scenarios;

/// <summary>Shared inputs of the scenario tests: the contract's strategy names, the data directory and a step renderer.</summary>
internal static class ScenarioTestData
{
    /// <summary>The removal strategies of the contract, in contract order.</summary>
    public static readonly IReadOnlyList<string> StrategyNames = ["fail", "nofail", "sentinel", "stub", "double-array", "typed-stub", "skip", "skip-fixed"];

    public static string DataDir => Path.Combine(AppContext.BaseDirectory, "Data", "Scenarios");

    /// <summary>A scenario file name in the data directory, so that <c>source probe_mod.c</c> resolves.</summary>
    public static string CaseFile => Path.Combine(DataDir, "case.tps");

    public static Scenario Parse(string text) => ScenarioParser.Parse(text, CaseFile, StrategyNames);

    /// <summary>Undoes the \n, \r, \t and \\ escapes of a one-line test case.</summary>
    public static string Unescape(string s)
    {
        var b = new StringBuilder();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\' || i + 1 == s.Length)
            {
                b.Append(s[i]);
                continue;
            }
            b.Append(s[++i] switch
            {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                '\\' => '\\',
                var c => throw new InvalidDataException($"unknown escape \\{c} in '{s}'"),
            });
        }
        return b.ToString();
    }

    /// <summary>A canonical one-line rendering of a step's parsed fields (not of its text), for table-driven comparisons.</summary>
    public static string Render(ScenarioStep step)
    {
        static string Hex(ulong v) => "0x" + v.ToString("x", CultureInfo.InvariantCulture);
        static string Join(IEnumerable<string> parts, string head) => string.Join(" ", new[] { head }.Concat(parts));
        var body = step switch
        {
            DeclareTracepointStep t => $"tracepoint {t.Name} {t.ArgCount}",
            DeclareModuleStep { Module.Kind: ModuleKind.Recording } m => Join(m.Module.Probes, $"module {m.Name} probes"),
            DeclareModuleStep m => $"module {m.Name} source {Path.GetFileName(m.Module.SourcePath)}",
            LoadStep l => $"load {l.Module}",
            UnloadStep u => $"unload {u.Module}",
            RegisterStep r => $"register {r.Tracepoint} {r.Probe} prio={r.Prio} data={Hex(r.Data)}",
            UnregisterStep u => $"unregister {u.Tracepoint} {u.Probe} data={Hex(u.Data)}",
            FailAllocStep f => $"fail-alloc {f.Count} path={f.Path ?? "-"}",
            FireStep f => Join(f.Args.Select(Hex), $"fire {f.Tracepoint}"),
            GracePeriodStep => "grace-period",
            ExpectReturnStep r => $"expect return {r.Value}",
            ExpectCallsStep c => Join(c.Calls.Select(p => p.ToString()), "expect calls"),
            ExpectArrayStep a => Join(a.Entries, "expect array"),
            ExpectVerdictStep v => $"expect verdict {v.Verdict}",
            ExpectDmesgStep d => Join(d.Kinds, "expect dmesg"),
            _ => throw new ArgumentException($"unknown step type {step.GetType().Name}"),
        };
        return step.When is null ? body : $"{body} when {string.Join(",", step.When.Order(StringComparer.Ordinal))}";
    }
}

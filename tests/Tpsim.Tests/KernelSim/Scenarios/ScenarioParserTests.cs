using Tpsim.Emulator.Checking;
using Tpsim.KernelSim.Scenarios;
using Xunit;
using static Tpsim.Tests.KernelSim.Scenarios.ScenarioTestData;

namespace Tpsim.Tests.KernelSim.Scenarios;

/// <summary>Every command of the scenario language parses into the right step record, with its defaults and number forms.</summary>
public sealed class ScenarioParserTests
{
    /// <summary>Declarations every command case can refer to; the case itself is line 9.</summary>
    private const string Preamble =
        "tracepoint demo 2\n" +
        "tracepoint t0 0\n" +
        "tracepoint t3 3\n" +
        "tracepoint t12 12\n" +
        "module rec probes a b c\n" +
        "module src source probe_mod.c\n" +
        "register demo rec.a\n" +
        "fire demo 1 2\n";

    private const int CaseLine = 9;

    /// <summary>A command line, and its parsed step as <see cref="ScenarioTestData.Render"/> shows it.</summary>
    public static TheoryData<string, string> Commands => new()
    {
        { "tracepoint extra 5", "tracepoint extra 5" },
        { "tracepoint zero 0", "tracepoint zero 0" },
        { "tracepoint max_args 12", "tracepoint max_args 12" },
        { "tracepoint _T9 07", "tracepoint _T9 7" },
        { "module m2 probes x", "module m2 probes x" },
        { "module m2 probes x y probe_3", "module m2 probes x y probe_3" },
        { "module m3 source probe_mod.c", "module m3 source probe_mod.c" },
        { "module m3 source ./files/../probe_mod.c", "module m3 source probe_mod.c" },
        { "load rec", "load rec" },
        { "load src", "load src" },
        { "unload rec", "unload rec" },
        { "register demo rec.b", "register demo rec.b prio=10 data=0x0" },
        { "register demo rec.b prio=-5 data=ff", "register demo rec.b prio=-5 data=0xff" },
        { "register demo rec.b data=0XdeadBEEF prio=7", "register demo rec.b prio=7 data=0xdeadbeef" },
        { "register demo rec.a prio=2147483647", "register demo rec.a prio=2147483647 data=0x0" },
        { "register demo rec.a prio=-2147483648 data=0", "register demo rec.a prio=-2147483648 data=0x0" },
        { "register t3 src.anything prio=0 data=0xffffffffffffffff", "register t3 src.anything prio=0 data=0xffffffffffffffff" },
        { "register t3 rec.b data=10", "register t3 rec.b prio=10 data=0x10" },
        { "unregister demo rec.a", "unregister demo rec.a data=0x0" },
        { "unregister demo rec.a data=0x10", "unregister demo rec.a data=0x10" },
        { "unregister t12 src.other data=abc", "unregister t12 src.other data=0xabc" },
        { "fail-alloc", "fail-alloc 1 path=-" },
        { "fail-alloc 3", "fail-alloc 3 path=-" },
        { "fail-alloc path=func_remove", "fail-alloc 1 path=func_remove" },
        { "fail-alloc 2 path=func_add", "fail-alloc 2 path=func_add" },
        { "fail-alloc path=func_add 2", "fail-alloc 2 path=func_add" },
        { "fire t0", "fire t0" },
        { "fire demo 1 2", "fire demo 0x1 0x2" },
        { "fire demo -1 0x10", "fire demo 0xffffffffffffffff 0x10" },
        { "fire demo 18446744073709551615 -9223372036854775808", "fire demo 0xffffffffffffffff 0x8000000000000000" },
        { "fire t3 0 9223372036854775807 0XFFFFFFFFFFFFFFFF", "fire t3 0x0 0x7fffffffffffffff 0xffffffffffffffff" },
        { "fire t3 -0 00 -2", "fire t3 0x0 0x0 0xfffffffffffffffe" },
        { "fire t12 1 2 3 4 5 6 7 8 9 10 11 12", "fire t12 0x1 0x2 0x3 0x4 0x5 0x6 0x7 0x8 0x9 0xa 0xb 0xc" },
        { "grace-period", "grace-period" },
        { "expect return 0", "expect return 0" },
        { "expect return -ENOMEM", "expect return -12" },
        { "expect return -EEXIST", "expect return -17" },
        { "expect return -ENOENT", "expect return -2" },
        { "expect return -EINVAL", "expect return -22" },
        { "expect return -95", "expect return -95" },
        { "expect return 5", "expect return 5" },
        { "expect return -9223372036854775808", "expect return -9223372036854775808" },
        { "expect calls", "expect calls" },
        { "expect calls rec.a", "expect calls rec.a" },
        { "expect calls rec.a rec.a src.foo rec.c", "expect calls rec.a rec.a src.foo rec.c" },
        { "expect array", "expect array" },
        { "expect array rec.a stub skip sentinel src.p", "expect array rec.a stub skip sentinel src.p" },
        { "expect verdict balanced", "expect verdict Balanced" },
        { "expect verdict unbalanced", "expect verdict Unbalanced" },
        { "expect verdict trap", "expect verdict Trap" },
        { "expect verdict fault", "expect verdict Fault" },
        { "expect verdict timeout", "expect verdict Timeout" },
        { "expect dmesg", "expect dmesg" },
        { "expect dmesg warning", "expect dmesg warning" },
        { "expect dmesg rcu-stall oom oom warn-on2", "expect dmesg rcu-stall oom oom warn-on2" },
        { "load rec   # load it", "load rec" },
        { "  fire\tdemo\t1   2  ", "fire demo 0x1 0x2" },
        { "register demo rec.b when fail stub", "register demo rec.b prio=10 data=0x0 when fail,stub" },
        { "expect return -ENOMEM when fail # only there", "expect return -12 when fail" },
        { "tracepoint late 1 when double-array", "tracepoint late 1 when double-array" },
        { "grace-period when skip typed-stub", "grace-period when skip,typed-stub" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Command_parses_into_its_step(string line, string expected)
    {
        var s = Parse(Preamble + line);
        var step = s.Steps[^1];
        Assert.Equal(expected, Render(step));
        Assert.Equal(CaseLine, step.Line);
        Assert.Equal(ScenarioLine_Text(line), step.Text);
    }

    private static string ScenarioLine_Text(string line)
    {
        var hash = line.IndexOf(" #", StringComparison.Ordinal);
        return (hash < 0 ? line : line[..hash]).Trim();
    }

    [Fact]
    public void Every_step_type_has_the_right_record_type()
    {
        var s = Parse(Preamble + """
            load rec
            unregister demo rec.a
            fail-alloc
            grace-period
            expect return 0
            expect calls
            expect array
            expect verdict trap
            expect dmesg
            unload rec
            """);
        Assert.Equal(
            [
                typeof(DeclareTracepointStep), typeof(DeclareTracepointStep), typeof(DeclareTracepointStep),
                typeof(DeclareTracepointStep), typeof(DeclareModuleStep), typeof(DeclareModuleStep), typeof(RegisterStep),
                typeof(FireStep), typeof(LoadStep), typeof(UnregisterStep), typeof(FailAllocStep), typeof(GracePeriodStep),
                typeof(ExpectReturnStep), typeof(ExpectCallsStep), typeof(ExpectArrayStep), typeof(ExpectVerdictStep),
                typeof(ExpectDmesgStep), typeof(UnloadStep),
            ],
            s.Steps.Select(x => x.GetType()));
        Assert.Equal(Enumerable.Range(1, 18), s.Steps.Select(x => x.Line));
        Assert.All(s.Steps, x => Assert.Null(x.When));
        Assert.Equal(Verdict.Trap, Assert.IsType<ExpectVerdictStep>(s.Steps[15]).Verdict);
    }

    [Fact]
    public void Declarations_are_collected_in_file_order()
    {
        var s = Parse(Preamble + "register t3 rec.b\nregister t3 src.x\nregister demo src.x\nunregister t12 rec.c");
        Assert.Equal(
            [new TracepointDecl("demo", 2, 1), new TracepointDecl("t0", 0, 2), new TracepointDecl("t3", 3, 3), new TracepointDecl("t12", 12, 4)],
            s.Tracepoints);
        Assert.Equal(["rec", "src"], s.Modules.Select(m => m.Name));

        var rec = s.Modules[0];
        Assert.Equal(ModuleKind.Recording, rec.Kind);
        Assert.Equal(["a", "b", "c"], rec.Probes);
        Assert.Null(rec.SourcePath);
        Assert.Equal(5, rec.Line);
        // a: registered on demo (2), b: on t3 (3), c: only unregistered, so never registered.
        Assert.Equal(new Dictionary<string, int> { ["a"] = 2, ["b"] = 3, ["c"] = 0 }, rec.ProbeArity);

        var src = s.Modules[1];
        Assert.Equal(ModuleKind.Source, src.Kind);
        Assert.Empty(src.Probes);
        Assert.Empty(src.ProbeArity);
        Assert.Equal(Path.Combine(DataDir, "probe_mod.c"), src.SourcePath);
        Assert.True(Path.IsPathFullyQualified(src.SourcePath!));

        // The declaration steps carry the complete declarations.
        var declared = s.Steps.OfType<DeclareModuleStep>().Select(d => d.Module).ToList();
        Assert.Same(s.Modules[0], declared[0]);
        Assert.Same(s.Modules[1], declared[1]);
    }

    [Fact]
    public void Probe_arity_of_a_probe_registered_twice_on_the_same_arity_is_kept()
    {
        var s = Parse("tracepoint x 4\ntracepoint y 4\nmodule r probes p\nregister x r.p\nregister y r.p prio=3");
        Assert.Equal(4, s.Modules[0].ProbeArity["p"]);
    }

    [Fact]
    public void Registration_and_probe_references_parse_into_probe_refs()
    {
        var s = Parse(Preamble + "register t3 rec.b prio=-3 data=0xfeed");
        var r = Assert.IsType<RegisterStep>(s.Steps[^1]);
        Assert.Equal(new RegisterStep(CaseLine, "register t3 rec.b prio=-3 data=0xfeed", "t3", new ProbeRef("rec", "b"), -3, 0xfeed), r);
        Assert.Equal("rec.b", r.Probe.ToString());
        Assert.Equal(ScenarioParser.DefaultPrio, Assert.IsType<RegisterStep>(s.Steps[6]).Prio);
        Assert.Equal(0UL, Assert.IsType<RegisterStep>(s.Steps[6]).Data);
    }

    [Fact]
    public void Comments_blank_lines_and_line_endings()
    {
        const string text = "# header\r\n\r\n   \t\ntracepoint demo 1 #2\r\nmodule rec probes a # probes: a\n#register demo rec.a\n\tfire demo 0x7 # trailing";
        var s = Parse(text);
        Assert.Equal([4, 5, 7], s.Steps.Select(x => x.Line));
        Assert.Equal(["tracepoint demo 1", "module rec probes a", "fire demo 0x7"], s.Steps.Select(x => x.Text));
        Assert.Equal(1, s.Tracepoints[0].ArgCount);
        Assert.Equal(["a"], s.Modules[0].Probes);
    }

    [Fact]
    public void An_empty_scenario_is_refused_because_it_checks_nothing()
    {
        var e = Assert.Throws<ScenarioSyntaxException>(() => Parse("# nothing here\n\n"));
        Assert.Equal(CaseFile, e.File);
        Assert.Equal(1, e.Line);
        Assert.Contains("no steps", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Name_defaults_to_the_file_name_and_can_be_given()
    {
        Assert.Equal("case", Parse("grace-period").Name);
        Assert.Equal("other", ScenarioParser.Parse("grace-period", CaseFile, StrategyNames, "other").Name);
        Assert.Equal("x", ScenarioParser.Parse("grace-period", "builtin:x", StrategyNames).Name);
    }

    [Fact]
    public void Source_module_probes_accept_any_name_and_any_arity()
    {
        var s = Parse("tracepoint a 1\ntracepoint b 5\nmodule m source probe_mod.c\nregister a m.p\nregister b m.p\nfire a 1\nexpect calls m.p m.q");
        Assert.Equal([new ProbeRef("m", "p"), new ProbeRef("m", "q")], Assert.IsType<ExpectCallsStep>(s.Steps[^1]).Calls);
    }

    [Fact]
    public void A_builtin_scenario_cannot_use_a_source_module()
    {
        var e = Assert.Throws<ScenarioSyntaxException>(() =>
            ScenarioParser.Parse("tracepoint a 1\nmodule m source probe_mod.c", "builtin:x", StrategyNames));
        Assert.Equal(2, e.Line);
        Assert.Equal("probe_mod.c", e.Word);
        Assert.Equal("builtin:x", e.File);
    }

    [Fact]
    public void ParseFile_resolves_sources_relative_to_the_scenario_file()
    {
        var path = Path.Combine(DataDir, "files", "with_source.tps");
        var s = ScenarioParser.ParseFile(path, StrategyNames);
        Assert.Equal("with_source", s.Name);
        Assert.Equal(path, s.File);
        Assert.Equal(Path.Combine(DataDir, "probe_mod.c"), s.Modules.Single().SourcePath);
        Assert.Equal(
            [
                "tracepoint demo 1", "module user source probe_mod.c", "load user", "register demo user.my_probe prio=-1 data=0x0",
                "expect return 0", "fire demo 0xffffffffffffffff", "expect calls user.my_probe", "expect verdict Balanced",
                "unload user", "expect dmesg",
            ],
            s.Steps.Select(Render));
    }

    [Fact]
    public void ParseFile_reports_a_missing_file_at_line_0()
    {
        var path = Path.Combine(DataDir, "no-such-scenario.tps");
        var e = Assert.Throws<ScenarioSyntaxException>(() => ScenarioParser.ParseFile(path, StrategyNames));
        Assert.Equal(0, e.Line);
        Assert.Equal(path, e.File);
        Assert.Equal(path, e.Word);
        Assert.Equal($"{path}:0: scenario file not found (at '{path}')", e.Message);

        var inMissingDir = Path.Combine(DataDir, "no-such-dir", "x.tps");
        Assert.Equal(0, Assert.Throws<ScenarioSyntaxException>(() => ScenarioParser.ParseFile(inMissingDir, StrategyNames)).Line);
    }

    [Fact]
    public void ParseFile_reports_a_directory_at_line_0()
    {
        var e = Assert.Throws<ScenarioSyntaxException>(() => ScenarioParser.ParseFile(DataDir, StrategyNames));
        Assert.Equal(0, e.Line);
        Assert.Contains("directory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_returns_the_scenario_or_the_error()
    {
        Assert.True(ScenarioParser.TryParse("tracepoint a 1", CaseFile, StrategyNames, out var ok, out var none));
        Assert.Null(none);
        Assert.Equal("a", ok!.Tracepoints.Single().Name);

        Assert.False(ScenarioParser.TryParse("tracepoint a 1\nbad", CaseFile, StrategyNames, out var s, out var e, "named"));
        Assert.Null(s);
        Assert.Equal(2, e!.Line);
        Assert.Equal("bad", e.Word);
    }

    [Fact]
    public void Exception_message_has_file_line_and_word()
    {
        var e = Assert.Throws<ScenarioSyntaxException>(() => ScenarioParser.Parse("\n\nfrob x", "dir/s.tps", StrategyNames));
        Assert.StartsWith("dir/s.tps:3: unknown command 'frob'", e.Message, StringComparison.Ordinal);
        Assert.EndsWith(" (at 'frob')", e.Message, StringComparison.Ordinal);
        Assert.Equal($"dir/s.tps:3: {e.What} (at 'frob')", e.Message);
    }

    [Fact]
    public void Without_strategies_when_is_an_error_and_expectations_are_checked_unconditionally()
    {
        var e = Assert.Throws<ScenarioSyntaxException>(() => ScenarioParser.Parse("grace-period when fail", CaseFile, []));
        Assert.Equal("fail", e.Word);
        var s = ScenarioParser.Parse("tracepoint a 0\nfire a\nexpect verdict fault", CaseFile, []);
        Assert.Equal(Verdict.Fault, Assert.IsType<ExpectVerdictStep>(s.Steps[^1]).Verdict);
        Assert.Throws<ScenarioSyntaxException>(() => ScenarioParser.Parse("expect calls", CaseFile, []));
    }

    [Fact]
    public void Errno_names_round_trip()
    {
        foreach (var n in new[] { "-ENOMEM", "-EEXIST", "-ENOENT", "-EINVAL" })
        {
            Assert.True(ScenarioErrno.TryParse(n, out var v));
            Assert.Equal(n, ScenarioErrno.Format(v));
        }
        Assert.Equal("0", ScenarioErrno.Format(0));
        Assert.Equal("-95", ScenarioErrno.Format(-95));
    }
}

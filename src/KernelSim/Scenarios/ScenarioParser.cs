using Tpsim.Emulator.Checking;

namespace Tpsim.KernelSim.Scenarios;

/// <summary>
/// Parses the scenario language. One command per line, tokens separated by whitespace; a <c>#</c> at the start of a line
/// or after whitespace starts a comment that runs to the end of the line; blank lines are ignored; lines are numbered from 1.
/// <code>
/// tracepoint NAME NARGS                     declare a tracepoint taking NARGS (0..12) long arguments
/// module NAME probes P1 P2 ...              built-in recording module with these probes
/// module NAME source FILE.c                 a user's module source, path relative to the scenario file
/// load MODULE                               compile (cached), load, run its init
/// unload MODULE                             run its exit, unmap it
/// register TP MODULE.PROBE [prio=N] [data=HEX]
/// unregister TP MODULE.PROBE [data=HEX]
/// fail-alloc [N] [path=NAME]                the next N kmalloc calls fail (default 1)
/// fire TP ARG...                            run the emulated iterator with these arguments
/// grace-period                              end the current RCU grace period
/// expect return VALUE                       result of the previous register/unregister
/// expect calls MODULE.PROBE...              real probes called by the previous fire, in order (alone: none)
/// expect array ENTRY...                     current funcs array: MODULE.PROBE, stub, skip, sentinel (alone: NULL)
/// expect verdict balanced|unbalanced|trap|fault|timeout    verdict of the previous fire
/// expect dmesg KIND...                      kernel messages logged by the previous step (alone: none)
/// </code>
/// <para>
/// Extensions beyond the original command set, none of which changes the meaning of a line that does not use them:
/// </para>
/// <list type="bullet">
/// <item>Any line may end with <c>when S1 S2 ...</c>: the step only runs for those removal strategies
/// (<see cref="ScenarioStep.When"/>, <see cref="ScenarioStep.AppliesTo(string, string)"/>). The names must be among the strategies passed
/// to the parser, at least one must be given, none twice. On a declaration the clause is recorded but declarations are
/// static: the parser's checks treat a declared name as declared for every strategy.</item>
/// <item><c>unregister TP MODULE.PROBE data=HEX</c>: the data must match the registration's; both default to 0.</item>
/// <item><c>fail-alloc [N] path=NAME</c>: only allocations whose call path is NAME (a C identifier such as
/// <c>func_remove</c> or <c>func_add</c>) count towards N and fail.</item>
/// <item><c>expect dmesg KIND...</c>: kernel messages of these kinds (lower-case words of letters and digits joined by
/// dashes) were logged by the previous step that is not an expectation, in any order, duplicates allowed.</item>
/// </list>
/// <para>
/// Numbers: NARGS is decimal 0..12; prio a decimal int, possibly negative (default <see cref="DefaultPrio"/>); data hexadecimal
/// with or without <c>0x</c> (default 0); a fire argument decimal (a negative one is stored in two's complement) or <c>0x</c>
/// hexadecimal, within the range of long or ulong; fail-alloc N decimal, at least 1; an expected return value 0, -ENOMEM,
/// -EEXIST, -ENOENT, -EINVAL or a decimal integer. Tracepoint, module and probe names are C identifiers; module and
/// tracepoint names are unique and must be declared on an earlier line than their first use.
/// </para>
/// <para>
/// Other checks: a recording module's probes must be in its probe list (a source module's probe names are checked at run
/// time); a recording probe must only be registered on tracepoints with the same NARGS; fire takes exactly NARGS arguments;
/// <c>expect return</c> needs an earlier register/unregister, <c>expect calls</c> and <c>expect verdict</c> an earlier
/// fire, and <c>expect dmesg</c> an earlier step that is not a declaration or an expectation - for every strategy the
/// expectation runs for; a source file must exist (scenarios built into tpsim cannot use source modules); options
/// are only the ones listed for the command, each at most once. Every error is a <see cref="ScenarioSyntaxException"/>
/// naming the file, the line and the offending word.
/// </para>
/// </summary>
public static class ScenarioParser
{
    /// <summary>The largest NARGS of a tracepoint.</summary>
    public const int MaxArgs = 12;

    /// <summary>The priority of a registration without <c>prio=</c>.</summary>
    public const int DefaultPrio = 10;

    /// <summary>What <c>expect trap</c> accepts: the trap kinds a verdict reports, and <c>none</c>.</summary>
    public static readonly IReadOnlyList<string> TrapKinds = [.. KindNames.All<TrapKind>(), NoTrap];

    /// <summary>How <c>expect trap</c> spells "the last fire did not trap".</summary>
    public const string NoTrap = "none";

    /// <summary>The prefix of <see cref="Scenario.File"/> for scenarios built into tpsim.</summary>
    public const string BuiltinPrefix = "builtin:";

    /// <summary>Parses <paramref name="text"/>; <paramref name="file"/> names it in errors and locates source modules.</summary>
    /// <param name="strategies">The removal strategies <c>when</c> may name.</param>
    /// <param name="name">The scenario's name; by default the file name without extension.</param>
    /// <exception cref="ScenarioSyntaxException">The text is not a valid scenario.</exception>
    public static Scenario Parse(string text, string file, IReadOnlyCollection<string> strategies, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(strategies);
        var parser = new Parser(file, strategies);
        using var reader = new StringReader(text);
        var number = 0;
        for (var raw = reader.ReadLine(); raw is not null; raw = reader.ReadLine())
        {
            number++;
            if (ScenarioLine.Read(file, number, raw, strategies) is { } line)
            {
                parser.Add(line);
            }
        }
        return parser.Finish(name ?? DefaultName(file));
    }

    /// <summary><see cref="Parse"/> without the exception.</summary>
    public static bool TryParse(
        string text,
        string file,
        IReadOnlyCollection<string> strategies,
        out Scenario? scenario,
        out ScenarioSyntaxException? error,
        string? name = null)
    {
        try
        {
            scenario = Parse(text, file, strategies, name);
            error = null;
            return true;
        }
        catch (ScenarioSyntaxException e)
        {
            scenario = null;
            error = e;
            return false;
        }
    }

    /// <summary>Reads and parses a scenario file; a missing or unreadable file is a <see cref="ScenarioSyntaxException"/> at line 0.</summary>
    public static Scenario ParseFile(string path, IReadOnlyCollection<string> strategies)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            throw new ScenarioSyntaxException(path, 0, "is a directory, not a scenario file", path);
        }
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ScenarioSyntaxException(path, 0, "scenario file not found", path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new ScenarioSyntaxException(path, 0, $"cannot read scenario file: {e.Message}", path);
        }
        return Parse(text, path, strategies);
    }

    private static string DefaultName(string file) =>
        file.StartsWith(BuiltinPrefix, StringComparison.Ordinal) ? file[BuiltinPrefix.Length..] : Path.GetFileNameWithoutExtension(file);

    /// <summary>The state of one parse: declarations so far and, per strategy, which kinds of step have run.</summary>
    private sealed class Parser
    {
        private readonly string _file;
        private readonly bool _builtin;
        private readonly List<ScenarioStep> _steps = [];
        private readonly Dictionary<string, TracepointDecl> _tracepoints = new(StringComparer.Ordinal);
        private readonly List<TracepointDecl> _tracepointOrder = [];
        private readonly Dictionary<string, ModuleDecl> _modules = new(StringComparer.Ordinal);
        private readonly List<string> _moduleOrder = [];
        private readonly Dictionary<(string Module, string Probe), (int Args, string Tracepoint, int Line)> _arity = [];

        // The "worlds" expectations are checked in: one per strategy, or a single one for unconditional steps when
        // no strategies exist.
        private readonly string[] _worlds;
        private readonly bool _pseudoWorld;
        private readonly bool[] _sawRegister;
        private readonly bool[] _sawFire;
        private readonly bool[] _sawAction;

        public Parser(string file, IReadOnlyCollection<string> strategies)
        {
            _file = file;
            _builtin = file.StartsWith(BuiltinPrefix, StringComparison.Ordinal);
            _pseudoWorld = strategies.Count == 0;
            _worlds = _pseudoWorld ? [""] : [.. strategies];
            _sawRegister = new bool[_worlds.Length];
            _sawFire = new bool[_worlds.Length];
            _sawAction = new bool[_worlds.Length];
        }

        public void Add(ScenarioLine line)
        {
            ScenarioStep step = line.Command switch
            {
                "tracepoint" => Tracepoint(line),
                "module" => Module(line),
                "load" => new LoadStep(line.Number, line.Text, DeclaredModule(line, "load")),
                "unload" => new UnloadStep(line.Number, line.Text, DeclaredModule(line, "unload")),
                "register" => Register(line),
                "unregister" => Unregister(line),
                "fail-alloc" => FailAlloc(line),
                "fire" => Fire(line),
                "grace-period" => GracePeriod(line),
                "expect" => Expect(line),
                _ => throw line.Error(
                    $"unknown command '{line.Command}'; expected tracepoint, module, load, unload, register, unregister, " +
                    "fail-alloc, fire, grace-period or expect",
                    line.Command),
            };
            _steps.Add(step with { When = line.When, Configs = line.Configs });

            for (var w = 0; w < _worlds.Length; w++)
            {
                if (!Applies(line, w))
                {
                    continue;
                }
                switch (step)
                {
                    case RegisterStep or UnregisterStep:
                        _sawRegister[w] = true;
                        _sawAction[w] = true;
                        break;
                    case FireStep:
                        _sawFire[w] = true;
                        _sawAction[w] = true;
                        break;
                    case LoadStep or UnloadStep or FailAllocStep or GracePeriodStep:
                        _sawAction[w] = true;
                        break;
                }
            }
        }

        public Scenario Finish(string name)
        {
            var modules = new Dictionary<string, ModuleDecl>(StringComparer.Ordinal);
            foreach (var m in _moduleOrder.Select(n => _modules[n]))
            {
                modules[m.Name] = m.Kind == ModuleKind.Recording
                    ? m with
                    {
                        ProbeArity = m.Probes.ToDictionary(
                            p => p,
                            p => _arity.TryGetValue((m.Name, p), out var a) ? a.Args : 0,
                            StringComparer.Ordinal).AsReadOnly(),
                    }
                    : m;
            }
            var steps = _steps
                .Select(s => s is DeclareModuleStep d ? d with { Module = modules[d.Module.Name] } : s)
                .ToList()
                .AsReadOnly();
            return new Scenario(
                name,
                _file,
                steps,
                _tracepointOrder.AsReadOnly(),
                _moduleOrder.Select(n => modules[n]).ToList().AsReadOnly());
        }

        private bool Applies(ScenarioLine line, int world) =>
            _pseudoWorld ? line.When is null : line.When is null || line.When.Contains(_worlds[world]);

        /// <summary>Throws unless <paramref name="saw"/> holds in every world the line runs in.</summary>
        private void Require(ScenarioLine line, bool[] saw, string what, string word)
        {
            var applicable = Enumerable.Range(0, _worlds.Length).Where(w => Applies(line, w)).ToList();
            var missing = applicable.Where(w => !saw[w]).ToList();
            if (missing.Count == 0)
            {
                return;
            }
            throw missing.Count == applicable.Count || _pseudoWorld
                ? line.Error(what, word)
                : line.Error($"{what} when running strategy {_worlds[missing[0]]}", word);
        }

        private static void Count(ScenarioLine line, List<string> positional, int min, int max, string usage, string? word = null)
        {
            if (positional.Count < min)
            {
                throw line.Error($"missing operand; usage: {usage}", word ?? line.Command);
            }
            if (max >= 0 && positional.Count > max)
            {
                throw line.Error($"unexpected operand '{positional[max]}'; usage: {usage}", positional[max]);
            }
        }

        private static void Name(ScenarioLine line, string token, string what)
        {
            if (!ScenarioNumbers.IsIdentifier(token))
            {
                throw line.Error($"bad {what} name '{token}': names are C identifiers", token);
            }
        }

        private ScenarioStep Tracepoint(ScenarioLine line)
        {
            var (pos, _) = line.Split(0);
            Count(line, pos, 2, 2, "tracepoint NAME NARGS");
            Name(line, pos[0], "tracepoint");
            if (_tracepoints.TryGetValue(pos[0], out var earlier))
            {
                throw line.Error($"duplicate tracepoint '{pos[0]}' (first declared at line {earlier.Line})", pos[0]);
            }
            var args = ScenarioNumbers.SignedInt(line, pos[1], pos[1], "NARGS");
            if (args is < 0 or > MaxArgs)
            {
                throw line.Error($"NARGS {args} is out of range 0..{MaxArgs}", pos[1]);
            }
            var decl = new TracepointDecl(pos[0], args, line.Number);
            _tracepoints.Add(decl.Name, decl);
            _tracepointOrder.Add(decl);
            return new DeclareTracepointStep(line.Number, line.Text, decl.Name, decl.ArgCount);
        }

        private ScenarioStep Module(ScenarioLine line)
        {
            const string usage = "module NAME probes P1 P2 ... | module NAME source FILE.c";
            var (pos, _) = line.Split(0);
            Count(line, pos, 2, -1, usage);
            var name = pos[0];
            Name(line, name, "module");
            if (_modules.TryGetValue(name, out var earlier))
            {
                throw line.Error($"duplicate module '{name}' (first declared at line {earlier.Line})", name);
            }
            ModuleDecl decl;
            switch (pos[1])
            {
                case "probes":
                    Count(line, pos, 3, -1, "module NAME probes P1 P2 ...", pos[1]);
                    var probes = new List<string>();
                    foreach (var p in pos.Skip(2))
                    {
                        Name(line, p, "probe");
                        if (probes.Contains(p))
                        {
                            throw line.Error($"probe '{p}' is listed twice", p);
                        }
                        probes.Add(p);
                    }
                    decl = new ModuleDecl(name, ModuleKind.Recording, probes.AsReadOnly(), null, line.Number,
                        new Dictionary<string, int>().AsReadOnly());
                    break;
                case "source":
                    Count(line, pos, 3, 3, "module NAME source FILE.c", pos[1]);
                    decl = new ModuleDecl(name, ModuleKind.Source, [], SourcePath(line, pos[2]), line.Number,
                        new Dictionary<string, int>().AsReadOnly());
                    break;
                default:
                    throw line.Error($"unknown module kind '{pos[1]}'; expected 'probes' or 'source'", pos[1]);
            }
            _modules.Add(name, decl);
            _moduleOrder.Add(name);
            return new DeclareModuleStep(line.Number, line.Text, decl);
        }

        private string SourcePath(ScenarioLine line, string token)
        {
            if (_builtin)
            {
                throw line.Error("a built-in scenario cannot use a source module", token);
            }
            string full;
            try
            {
                var dir = Path.GetDirectoryName(Path.GetFullPath(_file)) ?? Directory.GetCurrentDirectory();
                full = Path.GetFullPath(Path.Combine(dir, token));
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                throw line.Error($"bad source path '{token}': {e.Message}", token);
            }
            if (!File.Exists(full))
            {
                throw line.Error($"source file '{token}' not found (looked for {full})", token);
            }
            return full;
        }

        private string DeclaredModule(ScenarioLine line, string command)
        {
            var (pos, _) = line.Split(0);
            Count(line, pos, 1, 1, $"{command} MODULE");
            if (!_modules.ContainsKey(pos[0]))
            {
                throw line.Error($"{command} of undeclared module '{pos[0]}'", pos[0]);
            }
            return pos[0];
        }

        private TracepointDecl DeclaredTracepoint(ScenarioLine line, string token) =>
            _tracepoints.TryGetValue(token, out var tp)
                ? tp
                : throw line.Error($"undeclared tracepoint '{token}'", token);

        private ProbeRef Probe(ScenarioLine line, string token)
        {
            var dot = token.IndexOf('.');
            if (dot < 0)
            {
                throw line.Error($"expected MODULE.PROBE, got '{token}'", token);
            }
            var (module, probe) = (token[..dot], token[(dot + 1)..]);
            if (!ScenarioNumbers.IsIdentifier(module) || !ScenarioNumbers.IsIdentifier(probe))
            {
                throw line.Error($"bad probe reference '{token}': expected MODULE.PROBE", token);
            }
            if (!_modules.TryGetValue(module, out var m))
            {
                throw line.Error($"undeclared module '{module}'", token);
            }
            if (m.Kind == ModuleKind.Recording && !m.Probes.Contains(probe))
            {
                throw line.Error($"module {module} has no probe '{probe}'; its probes are {string.Join(" ", m.Probes)}", token);
            }
            return new ProbeRef(module, probe);
        }

        private static ulong Data(ScenarioLine line, Dictionary<string, string> options) =>
            options.TryGetValue("data", out var d) ? ScenarioNumbers.Hex(line, d, $"data={d}", "data") : 0;

        private ScenarioStep Register(ScenarioLine line)
        {
            var (pos, options) = line.Split(0, "prio", "data");
            Count(line, pos, 2, 2, "register TP MODULE.PROBE [prio=N] [data=HEX]");
            var tp = DeclaredTracepoint(line, pos[0]);
            var probe = Probe(line, pos[1]);
            var prio = options.TryGetValue("prio", out var p) ? ScenarioNumbers.SignedInt(line, p, $"prio={p}", "prio") : DefaultPrio;
            var data = Data(line, options);
            if (_modules[probe.Module].Kind == ModuleKind.Recording)
            {
                var key = (probe.Module, probe.Probe);
                if (_arity.TryGetValue(key, out var first))
                {
                    if (first.Args != tp.ArgCount)
                    {
                        throw line.Error(
                            $"probe {probe} is registered on {first.Tracepoint} (line {first.Line}) with {first.Args} argument(s), " +
                            $"but tracepoint {tp.Name} takes {tp.ArgCount}; a probe has one prototype",
                            pos[1]);
                    }
                }
                else
                {
                    _arity.Add(key, (tp.ArgCount, tp.Name, line.Number));
                }
            }
            return new RegisterStep(line.Number, line.Text, tp.Name, probe, prio, data);
        }

        private ScenarioStep Unregister(ScenarioLine line)
        {
            var (pos, options) = line.Split(0, "data");
            Count(line, pos, 2, 2, "unregister TP MODULE.PROBE [data=HEX]");
            var tp = DeclaredTracepoint(line, pos[0]);
            var probe = Probe(line, pos[1]);
            return new UnregisterStep(line.Number, line.Text, tp.Name, probe, Data(line, options));
        }

        private static ScenarioStep FailAlloc(ScenarioLine line)
        {
            var (pos, options) = line.Split(0, "path");
            Count(line, pos, 0, 1, "fail-alloc [N] [path=NAME]");
            var count = 1;
            if (pos.Count == 1)
            {
                count = ScenarioNumbers.SignedInt(line, pos[0], pos[0], "the allocation count");
                if (count < 1)
                {
                    throw line.Error($"fail-alloc count {count} must be at least 1", pos[0]);
                }
            }
            string? path = null;
            if (options.TryGetValue("path", out var p))
            {
                if (!ScenarioNumbers.IsIdentifier(p))
                {
                    throw line.Error($"bad call path '{p}': expected a function name such as func_add", $"path={p}");
                }
                path = p;
            }
            return new FailAllocStep(line.Number, line.Text, count, path);
        }

        private ScenarioStep Fire(ScenarioLine line)
        {
            var (pos, _) = line.Split(0);
            Count(line, pos, 1, -1, "fire TP ARG...");
            var tp = DeclaredTracepoint(line, pos[0]);
            if (pos.Count - 1 != tp.ArgCount)
            {
                throw line.Error(
                    $"wrong number of arguments for tracepoint {tp.Name}: expected {tp.ArgCount}, got {pos.Count - 1}", pos[0]);
            }
            var args = pos.Skip(1).Select(a => ScenarioNumbers.Argument(line, a)).ToList().AsReadOnly();
            return new FireStep(line.Number, line.Text, tp.Name, args);
        }

        private static ScenarioStep GracePeriod(ScenarioLine line)
        {
            var (pos, _) = line.Split(0);
            Count(line, pos, 0, 0, "grace-period");
            return new GracePeriodStep(line.Number, line.Text);
        }

        private ScenarioStep Expect(ScenarioLine line)
        {
            const string kinds = "return, calls, array, verdict, trap or dmesg";
            if (line.Operands.Count == 0)
            {
                throw line.Error($"missing expectation; expected {kinds}", line.Command);
            }
            var kind = line.Operands[0];
            if (kind is not ("return" or "calls" or "array" or "verdict" or "trap" or "dmesg"))
            {
                throw line.Error($"unknown expectation '{kind}'; expected {kinds}", kind);
            }
            var (pos, _) = line.Split(1);
            switch (kind)
            {
                case "return":
                    Count(line, pos, 1, 1, "expect return VALUE", kind);
                    Require(line, _sawRegister, "expect return with no earlier register or unregister", kind);
                    return new ExpectReturnStep(line.Number, line.Text, ReturnValue(line, pos[0]));
                case "calls":
                    Require(line, _sawFire, "expect calls with no earlier fire", kind);
                    return new ExpectCallsStep(line.Number, line.Text, pos.Select(t => Probe(line, t)).ToList().AsReadOnly());
                case "array":
                    return new ExpectArrayStep(line.Number, line.Text, pos.Select(t => ArrayEntry(line, t)).ToList().AsReadOnly());
                case "verdict":
                    Count(line, pos, 1, 1, "expect verdict balanced|unbalanced|trap|fault|timeout", kind);
                    Require(line, _sawFire, "expect verdict with no earlier fire", kind);
                    if (!VerdictNames.TryParse(pos[0], out var verdict))
                    {
                        throw line.Error(
                            $"unknown verdict '{pos[0]}'; expected {string.Join(", ", Enum.GetValues<Verdict>().Select(v => v.ToName()))}",
                            pos[0]);
                    }
                    return new ExpectVerdictStep(line.Number, line.Text, verdict);
                case "trap":
                    Count(line, pos, 1, 1, $"expect trap {string.Join("|", TrapKinds)}", kind);
                    Require(line, _sawFire, "expect trap with no earlier fire", kind);
                    if (!KindNames.TryParse<TrapKind>(pos[0], out var trapKind) && pos[0] != NoTrap)
                    {
                        throw line.Error($"unknown trap kind '{pos[0]}'; expected {string.Join(", ", TrapKinds)}", pos[0]);
                    }
                    return new ExpectTrapStep(line.Number, line.Text, pos[0] == NoTrap ? null : trapKind);
                default:
                    Require(line, _sawAction, "expect dmesg with no earlier step to have logged anything", kind);
                    foreach (var k in pos.Where(k => !ScenarioNumbers.IsKind(k)))
                    {
                        throw line.Error($"bad dmesg kind '{k}': expected a lower-case word with dashes", k);
                    }
                    return new ExpectDmesgStep(line.Number, line.Text, pos.AsReadOnly());
            }
        }

        private static long ReturnValue(ScenarioLine line, string token)
        {
            if (ScenarioErrno.TryParse(token, out var errno))
            {
                return errno;
            }
            if (ScenarioNumbers.TryLong(token, out var value, out var overflow))
            {
                return value;
            }
            if (overflow)
            {
                throw line.Error($"return value '{token}' is out of range", token);
            }
            if (token.StartsWith("-E", StringComparison.Ordinal))
            {
                throw line.Error($"unknown error name '{token}'; expected -ENOMEM, -EEXIST, -ENOENT, -EINVAL or a number", token);
            }
            throw line.Error($"bad number '{token}': expected 0, -ENOMEM, -EEXIST, -ENOENT, -EINVAL or a decimal integer", token);
        }

        private string ArrayEntry(ScenarioLine line, string token)
        {
            if (ArrayEntryNames.IsKeyword(token))
            {
                return token;
            }
            if (!token.Contains('.'))
            {
                throw line.Error($"unknown array entry '{token}'; expected MODULE.PROBE, stub, skip or sentinel", token);
            }
            return Probe(line, token).ToString();
        }
    }
}

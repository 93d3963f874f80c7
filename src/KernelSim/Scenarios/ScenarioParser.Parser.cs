using Tpsim.Emulator.Checking;

namespace Tpsim.KernelSim.Scenarios;

public static partial class ScenarioParser
{
    /// <summary>The state of one parse: declarations so far and, per strategy, which kinds of step have run.</summary>
    private sealed partial class Parser
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
            if (_steps.Count == 0)
            {
                // An empty or comment-only file would pass every run while checking nothing.
                throw new ScenarioSyntaxException(_file, 1, "the scenario has no steps: an empty or comment-only scenario checks nothing");
            }
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
    }
}

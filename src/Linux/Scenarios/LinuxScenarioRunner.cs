using System.Text.RegularExpressions;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Kernel;
using Tpsim.KernelSim.Machine;
using Tpsim.KernelSim.Scenarios;
using Tpsim.KernelSim.Scenarios.Running;
using Tpsim.Linux.Build;
using Tpsim.Linux.Machine;

namespace Tpsim.Linux.Scenarios;

/// <summary>
/// Runs a parsed scenario on a real kernel (<see cref="LinuxMachine"/>) with the tree's own removal code, which is
/// the <c>stub</c> strategy: the scenario's tracepoints become a kbuild module, each <c>module NAME probes</c> another,
/// each <c>module NAME source FILE.c</c> the user's file built by kbuild with <see cref="ScenarioModuleSources.ScenarioHeader"/>,
/// register and unregister call the real exported functions, fire calls the real <c>trace_NAME()</c>, and
/// <c>expect array</c> reads the real <c>tp-&gt;funcs</c>. Expectations are compared as on the simulated kernel.
/// </summary>
public sealed class LinuxScenarioRunner(KernelCache cache, Action<string>? progress = null)
{
    /// <summary>
    /// The strategy the tree was patched to (<see cref="Strategies.LinuxStrategies"/>): the scenario's <c>when</c> lines
    /// follow it, and its placeholder values are named (skip). The tree's own code is <c>stub</c>.
    /// </summary>
    public string Strategy { get; init; } = Strategies.LinuxStrategies.Tree;

    /// <summary>Count the instructions of every fire (slower): each fire's outcome then carries its count.</summary>
    public bool CountInstructions { get; init; }

    /// <summary>The line of a <c>fire</c> to record instruction by instruction (<c>scenario --explain</c>), or null.</summary>
    public int? ExplainLine { get; init; }

    /// <summary>Records every fire and keeps the trace of each that did not end balanced (the HTML report's pictures).</summary>
    public bool TraceNotBalanced { get; init; }

    /// <summary>The fewest arguments a tracepoint of a real tree takes.</summary>
    public const int MinArgs = 1;

    public ScenarioRun Run(Scenario scenario, KernelBuild build)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(build);
        foreach (var tp in scenario.Tracepoints.Where(t => t.ArgCount < MinArgs))
        {
            throw new ScenarioRuntimeException(scenario.File, tp.Line, tp.Name,
                "a real tree declares no tracepoint without arguments (DECLARE_TRACE puts 'void *__data' before the prototype, so TP_PROTO(void) does not compile); give it at least one");
        }
        using var machine = new LinuxMachine(build, cache, progress, CountInstructions);
        foreach (var (value, name) in Strategies.LinuxStrategies.Placeholders(Strategy))
        {
            machine.Placeholders[value] = name;
        }
        var tracepoints = machine.LoadModule(ScenarioModuleSources.TracepointModule, ScenarioModuleSources.Tracepoints(scenario.Tracepoints));
        machine.AddSite(tracepoints);
        return new Execution(scenario, machine, tracepoints, Strategy, ExplainLine, TraceNotBalanced).Run();
    }

    private sealed class Execution(Scenario scenario, LinuxMachine machine, LoadedObject tracepoints, string strategy, int? explainLine, bool traceNotBalanced)
    {
        private readonly StepLog _log = new(machine.Dmesg);
        private readonly RecordingLog _records = machine.ProbeLog(tracepoints.Symbol(ScenarioModuleSources.Log), tracepoints.Symbol(ScenarioModuleSources.LogLength));
        private readonly HashSet<ulong> _recording = [];

        /// <summary>Each module as last loaded: a probe of an unloaded module keeps its (dangling) address.</summary>
        private readonly Dictionary<string, LoadedObject> _everLoaded = new(StringComparer.Ordinal);
        private long? _lastReturn;
        private RunOutcome? _lastFire;
        private IReadOnlyList<string> _lastCalls = [];
        private string? _currentTracepoint = scenario.Tracepoints.Count == 1 ? scenario.Tracepoints[0].Name : null;

        public ScenarioRun Run()
        {
            _log.RunAll(scenario, strategy, machine.Build.Build.Config.Name, Execute);
            var tree = machine.Build.Tree;
            return new ScenarioRun(machine.Isa.Name, strategy, _log.Steps, _log.Failures)
            {
                Build = machine.Build.Build,
                Kernel = new RealKernel(tree.Spec.Text, tree.Version.ToString(), tree.Root, tree.Patches),
            };
        }

        private StepResult Execute(ScenarioStep step) => step switch
        {
            DeclareTracepointStep or DeclareModuleStep => Ok(step),
            GracePeriodStep => GracePeriod(step),
            LoadStep s => Load(s),
            UnloadStep s => Unload(s),
            RegisterStep s => Register(s, register: true),
            UnregisterStep s => Register(s, register: false),
            FailAllocStep s => FailAlloc(s),
            FireStep s => Fire(s),
            ExpectReturnStep s => Expect(s, Errno.Name(s.Value), _lastReturn is { } r ? Errno.Name(r) : "nothing"),
            ExpectCallsStep s => Expect(s, List(s.Calls.Select(c => c.ToString())), List(_lastCalls.Where(c => c != ArrayEntryNames.Stub))),
            ExpectArrayStep s => Expect(s, List(s.Entries), _currentTracepoint is { } tp ? List(Array(tp)) : "(no tracepoint yet)"),
            ExpectVerdictStep s => Expect(s, s.Verdict.ToName(), _lastFire?.Verdict.ToName() ?? "nothing"),
            ExpectDmesgStep s => _log.ExpectDmesg(s),
            ExpectTrapStep s => Expect(s, s.Kind?.ToName() ?? ScenarioParser.NoTrap, _lastFire is null ? "nothing" : _lastFire.Trap?.Kind.ToName() ?? ScenarioParser.NoTrap),
            _ => throw new ScenarioRuntimeException(scenario.File, step.Line, step.Text, "this command does not run on a real tree yet"),
        };

        private StepResult Load(LoadStep s)
        {
            if (machine.IsLoaded(s.Module))
            {
                throw Error(s, s.Module, $"module '{s.Module}' is already loaded");
            }
            var decl = scenario.Modules.First(m => m.Name == s.Module);
            if (decl.Kind == ModuleKind.Recording)
            {
                var module = machine.LoadModule(decl.Name, ScenarioModuleSources.Probes(decl.Name, decl.Probes, p => Arity(decl, p)));
                _everLoaded[decl.Name] = module;
                foreach (var probe in decl.Probes)
                {
                    _recording.Add(module.Symbol(probe));
                }
                return Ok(s);
            }
            var text = StepLog.ReadModuleSource(scenario, s, decl.SourcePath!);
            try
            {
                _everLoaded[decl.Name] = machine.LoadModule(decl.Name, [new(ScenarioModuleSources.Header, ScenarioModuleSources.ScenarioHeader()), new($"{decl.Name}.c", text)]);
            }
            catch (KernelInputException ex)
            {
                // kbuild compiled a copy in the cache; its messages are about the user's file, line for line.
                var message = Regex.Replace(ex.Message, $@"\S*/{Regex.Escape(decl.Name)}-[0-9a-f]{{16}}/{Regex.Escape(decl.Name)}\.c", decl.SourcePath!);
                throw Error(s, s.Module, $"module '{s.Module}' does not build or load on this tree:\n{message}");
            }
            var init = machine.InitModule(decl.Name);
            var notes = init is not null && !machine.IsLoaded(decl.Name) ? new[] { "init_module failed, so the module was not kept" } : [];
            return Ok(s) with { Run = init, Return = init is { Verdict: Verdict.Balanced } i ? i.IntResult : null, Notes = notes };
        }

        private int Arity(ModuleDecl decl, string probe) =>
            decl.ProbeArity.TryGetValue(probe, out var n) && n > 0 ? n : scenario.Tracepoints.Count > 0 ? scenario.Tracepoints.Max(t => t.ArgCount) : 0;

        private StepResult Unload(UnloadStep s)
        {
            if (!machine.IsLoaded(s.Module))
            {
                throw Error(s, s.Module, $"module '{s.Module}' is not loaded");
            }
            return Ok(s) with { Run = machine.UnloadModule(s.Module) };
        }

        private StepResult Register(ScenarioStep s, bool register)
        {
            var (tracepoint, probe, data) = s switch
            {
                RegisterStep r => (r.Tracepoint, r.Probe, r.Data),
                UnregisterStep u => (u.Tracepoint, u.Probe, u.Data),
                _ => throw new ArgumentException("not a registration", nameof(s)),
            };
            _currentTracepoint = tracepoint;
            if (register && !machine.IsLoaded(probe.Module))
            {
                throw Error(s, probe.ToString(), $"module '{probe.Module}' is not loaded; a probe can only be registered while its module is loaded");
            }
            if (!_everLoaded.TryGetValue(probe.Module, out var owner) || !owner.Symbols.TryGetValue(probe.Probe, out var func))
            {
                throw Error(s, probe.ToString(), $"module '{probe.Module}' was never loaded or defines no function '{probe.Probe}'");
            }
            var tp = tracepoints.Symbol($"__tracepoint_{tracepoint}");
            var (pointer, before) = (machine.FuncsPointer(tp), machine.Funcs(tp));
            machine.TakeSleeps();
            _lastReturn = register
                ? (int)(s is RegisterStep { Prio: var prio } && prio != ScenarioParser.DefaultPrio
                    ? machine.Call(machine.Core.Symbol("tracepoint_probe_register_prio"), tp, func, data, (ulong)(long)prio)
                    : machine.Call(machine.Core.Symbol("tracepoint_probe_register"), tp, func, data))
                : (int)machine.Call(machine.Core.Symbol("tracepoint_probe_unregister"), tp, func, data);
            var sleeps = machine.TakeSleeps();
            var now = machine.FuncsPointer(tp);
            if (!register && pointer != 0 && now == pointer)
            {
                NoteStubsWritten(tracepoint, tp, before, func);
            }
            if (!register && pointer != 0 && now != 0 && now != pointer
                && machine.Heap.TryFindAllocation(pointer, out var was) && machine.Heap.TryFindAllocation(now, out var @is) && was == @is)
            {
                // The simulated kernel's spare-half event, observed: the new array lies in the old one's allocation (double-array).
                machine.Dmesg.Add("spare-half", $"tracepoint_probe_unregister({tracepoint}, 0x{func:x}): no allocation, the survivors went into the other half at 0x{now:x}");
            }
            if (!register && _lastReturn == -Errno.ENOMEM)
            {
                // The simulated kernel's unregister-failed event, observed (5.11's code printed nothing).
                machine.Dmesg.Add("unregister-failed", $"tracepoint_probe_unregister({tracepoint}, 0x{func:x}): -ENOMEM, the probe stays registered");
            }
            return Ok(s) with { Return = _lastReturn, Tracepoint = tracepoint, Array = Array(tracepoint), Sleeps = sleeps };
        }

        /// <summary>grace-period: RCU callbacks already ran after each call; the work items queued since run now.</summary>
        private StepResult GracePeriod(ScenarioStep step)
        {
            machine.RunDeferredWork();
            return Ok(step);
        }

        /// <summary>
        /// The simulated kernel's placeholder-written event, observed in the array the failed removal kept: an entry's
        /// func now the real tp_stub_func (mainline itself prints nothing when it writes the stub).
        /// </summary>
        private void NoteStubsWritten(string name, ulong tp, IReadOnlyList<(ulong Func, ulong Data)> before, ulong func)
        {
            var after = machine.Funcs(tp);
            for (var i = 0; i < Math.Min(after.Count, before.Count); i++)
            {
                var written = after[i].Func;
                if (written != before[i].Func && (machine.IsStub(written) || machine.Placeholders.ContainsKey(written)))
                {
                    machine.Dmesg.Add("placeholder-written", $"tracepoint_probe_unregister({name}, 0x{func:x}): no memory for a new array, entry {i} now 0x{written:x} ({machine.NameOf(written)})");
                }
            }
        }

        // KernelServices names each kmalloc by the function it returns into, mapped to the model's paths.
        private StepResult FailAlloc(FailAllocStep s) => StepLog.FailAlloc(machine.Heap.Faults, s);

        private StepResult Fire(FireStep s)
        {
            _currentTracepoint = s.Tracepoint;
            var tp = tracepoints.Symbol($"__tracepoint_{s.Tracepoint}");
            var tracer = s.Line == explainLine || traceNotBalanced ? machine.BeginTrace() : null;
            try
            {
                _lastFire = machine.Fire(tp, tracepoints.Symbol($"tpsim_fire_{s.Tracepoint}"), s.Args, _records, _recording.Contains);
            }
            finally
            {
                machine.EndTrace();
            }
            _lastCalls = machine.LastCalls;
            if (tracer is not null && s.Line != explainLine && _lastFire.Verdict == Verdict.Balanced)
            {
                tracer.Dispose();
                tracer = null;
            }
            if (tracer is null)
            {
                return Ok(s) with { Run = _lastFire, Calls = _lastCalls, Tracepoint = s.Tracepoint };
            }
            using (tracer)
            {
                var trace = tracer.Finish(_lastFire);
                // The real stub, or a typed-stub tree's per-tracepoint stub.
                var call = trace.DefaultCall(_lastFire.Violations, callee => callee == "tp_stub_func" || callee.StartsWith("__tracestub_", StringComparison.Ordinal));
                return Ok(s) with { Run = _lastFire, Calls = _lastCalls, Tracepoint = s.Tracepoint, Trace = trace, ExplainedCall = call };
            }
        }

        private IReadOnlyList<string> Array(string tracepoint) =>
            [.. machine.Funcs(tracepoints.Symbol($"__tracepoint_{tracepoint}")).Select(f => machine.NameOf(f.Func))];

        private StepResult Expect(ScenarioStep s, string expected, string actual) => _log.Expect(s, expected, actual);

        private static StepResult Ok(ScenarioStep step) => StepLog.Ok(step);

        private static string List(IEnumerable<string> items) => StepLog.List(items);

        private ScenarioRuntimeException Error(ScenarioStep s, string word, string what) => new(scenario.File, s.Line, word, what);
    }
}

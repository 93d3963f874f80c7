using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Kernel;
using Tpsim.KernelSim.Machine;
using Tpsim.KernelSim.Strategies;

namespace Tpsim.KernelSim.Scenarios.Running;

/// <summary>
/// Runs a parsed scenario on one ISA with one removal strategy: a fresh <see cref="KernelMachine"/>,
/// then every line in order. Expectations are compared, never thrown; a step that cannot be carried
/// out (unknown probe, module that does not compile) is a <see cref="ScenarioRuntimeException"/>.
/// </summary>
public sealed class ScenarioRunner(Compiler compiler)
{
    /// <summary>Whether each run counts every instruction (slower; fires then report instructions).</summary>
    public bool CountInstructions { get; init; }

    /// <summary>The line of a <c>fire</c> to record instruction by instruction (<c>scenario --explain</c>), or null.</summary>
    public int? ExplainLine { get; init; }

    /// <summary>Records every fire and keeps the trace of each that did not end balanced (the HTML report's pictures).</summary>
    public bool TraceNotBalanced { get; init; }

    public ScenarioRun Run(Scenario scenario, IsaBackend isa, RemovalStrategy strategy, BuildSpec? build = null)
    {
        var tracepoints = scenario.Tracepoints.Select(t => (t.Name, t.ArgCount)).ToList();
        using var machine = new KernelMachine(isa, compiler, strategy, tracepoints, build, CountInstructions);
        return new Execution(scenario, machine, ProbeIds(scenario), ExplainLine, TraceNotBalanced).Run();
    }

    /// <summary>Every recording probe gets a scenario-wide id that it writes into the log.</summary>
    private static Dictionary<(string Module, string Probe), long> ProbeIds(Scenario scenario)
    {
        var ids = new Dictionary<(string, string), long>();
        foreach (var module in scenario.Modules.Where(m => m.Kind == ModuleKind.Recording))
        {
            foreach (var probe in module.Probes)
            {
                ids[(module.Name, probe)] = ids.Count + 1;
            }
        }
        return ids;
    }

    /// <summary>The state of one run: what the last register/unregister returned, the last fire, the last step's messages.</summary>
    private sealed class Execution(Scenario scenario, KernelMachine machine, Dictionary<(string Module, string Probe), long> probeIds, int? explainLine, bool traceNotBalanced)
    {
        private readonly StepLog _log = new(machine.Dmesg);
        private long? _lastReturn;
        private FireOutcome? _lastFire;
        private string? _currentTracepoint = scenario.Tracepoints.Count == 1 ? scenario.Tracepoints[0].Name : null;

        public ScenarioRun Run()
        {
            _log.RunAll(scenario, machine.Strategy.Name, machine.Build.Config.Name, Execute);
            return new ScenarioRun(machine.Isa.Name, machine.Strategy.Name, _log.Steps, _log.Failures) { Build = machine.Build };
        }

        private StepResult Execute(ScenarioStep step) => step switch
        {
            DeclareTracepointStep or DeclareModuleStep => Ok(step),
            LoadStep s => Load(s),
            UnloadStep s => Unload(s),
            RegisterStep s => Register(s),
            UnregisterStep s => Unregister(s),
            FailAllocStep s => FailAlloc(s),
            FireStep s => Fire(s),
            GracePeriodStep => GracePeriod(step),
            ExpectReturnStep s => Expect(s, Errno.Name(s.Value), _lastReturn is { } r ? Errno.Name(r) : "nothing"),
            ExpectCallsStep s => Expect(s, List(s.Calls.Select(c => c.ToString())),
                List(_lastFire?.Calls.Where(c => c != ArrayEntryNames.Stub) ?? [])),
            ExpectArrayStep s => Expect(s, List(s.Entries), ArrayText()),
            ExpectVerdictStep s => Expect(s, s.Verdict.ToName(), _lastFire?.Run.Verdict.ToName() ?? "nothing"),
            ExpectDmesgStep s => _log.ExpectDmesg(s),
            ExpectTrapStep s => Expect(s, s.Kind?.ToName() ?? ScenarioParser.NoTrap, _lastFire is null ? "nothing" : _lastFire.Run.Trap?.Kind.ToName() ?? ScenarioParser.NoTrap),
            _ => throw new ScenarioRuntimeException(scenario.File, step.Line, step.Text, "this command is not implemented by the runner"),
        };

        private static StepResult Ok(ScenarioStep step) => StepLog.Ok(step);

        private StepResult Load(LoadStep s)
        {
            if (machine.TryGetModule(s.Module, out _))
            {
                throw Error(s, s.Module, $"module '{s.Module}' is already loaded");
            }
            var decl = scenario.Modules.First(m => m.Name == s.Module);
            var (source, fileName) = decl.Kind == ModuleKind.Recording
                ? (RecordingModuleSource.Build(decl.Name, [.. decl.Probes.Select(p => (p, probeIds[(decl.Name, p)], decl.ProbeArity.GetValueOrDefault(p)))]),
                   $"{decl.Name}.c")
                : (StepLog.ReadModuleSource(scenario, s, decl.SourcePath!), decl.SourcePath!);
            KernelModule module;
            RunOutcome? init;
            try
            {
                (module, init) = machine.LoadModule(decl.Name, source, fileName);
            }
            catch (Exception ex) when (ex is ToolchainException or LoaderException)
            {
                throw Error(s, s.Module, $"module '{s.Module}' does not build or load:\n{ex.Message}", ex);
            }
            if (decl.Kind == ModuleKind.Recording)
            {
                foreach (var probe in decl.Probes)
                {
                    if (module.TryGetSymbol(probe, out var address))
                    {
                        machine.MarkRecordingProbe(address, probeIds[(decl.Name, probe)]);
                    }
                }
            }
            var notes = new List<string>();
            if (init is not null && !module.IsLoaded)
            {
                notes.Add("init_module failed, so the module was not kept");
            }
            return Ok(s) with { Run = init, Return = init is { Verdict: Verdict.Balanced } i ? i.IntResult : null, Notes = notes };
        }

        private StepResult Unload(UnloadStep s)
        {
            if (!machine.TryGetModule(s.Module, out _))
            {
                throw Error(s, s.Module, $"module '{s.Module}' is not loaded");
            }
            var exit = machine.UnloadModule(s.Module);
            return Ok(s) with { Run = exit };
        }

        private StepResult Register(RegisterStep s)
        {
            var tp = machine.Tracepoint(s.Tracepoint);
            _currentTracepoint = tp.Name;
            if (!machine.TryGetModule(s.Probe.Module, out var module))
            {
                throw Error(s, s.Probe.ToString(), $"module '{s.Probe.Module}' is not loaded; a probe can only be registered while its module is loaded");
            }
            var func = Probe(s, module, s.Probe);
            _lastReturn = machine.Model.Register(tp, func, s.Data, s.Prio);
            return Ok(s) with { Return = _lastReturn, Tracepoint = tp.Name, Array = machine.ArrayNames(tp.Name), Sleeps = [.. machine.Model.Sleeps] };
        }

        private StepResult Unregister(UnregisterStep s)
        {
            var tp = machine.Tracepoint(s.Tracepoint);
            _currentTracepoint = tp.Name;
            // Unregistering after unload is legal: the kernel matches by address, and the address is still known.
            if (!machine.TryGetModuleEverLoaded(s.Probe.Module, out var module))
            {
                throw Error(s, s.Probe.ToString(), $"module '{s.Probe.Module}' was never loaded");
            }
            var func = Probe(s, module, s.Probe);
            _lastReturn = machine.Model.Unregister(tp, func, s.Data);
            return Ok(s) with { Return = _lastReturn, Tracepoint = tp.Name, Array = machine.ArrayNames(tp.Name), Sleeps = [.. machine.Model.Sleeps] };
        }

        private StepResult FailAlloc(FailAllocStep s) => StepLog.FailAlloc(machine.Heap.Faults, s);

        private StepResult Fire(FireStep s)
        {
            _currentTracepoint = s.Tracepoint;
            if (s.Line != explainLine && !traceNotBalanced)
            {
                _lastFire = machine.Fire(s.Tracepoint, s.Args);
                return Ok(s) with { Run = _lastFire.Run, Calls = _lastFire.Calls, Tracepoint = s.Tracepoint };
            }
            using var tracer = machine.BeginTrace();
            try
            {
                _lastFire = machine.Fire(s.Tracepoint, s.Args);
            }
            finally
            {
                machine.EndTrace();
            }
            var trace = tracer.Finish(_lastFire.Run);
            if (s.Line != explainLine && _lastFire.Run.Verdict == Verdict.Balanced)
            {
                return Ok(s) with { Run = _lastFire.Run, Calls = _lastFire.Calls, Tracepoint = s.Tracepoint };
            }
            return Ok(s) with
            {
                Run = _lastFire.Run, Calls = _lastFire.Calls, Tracepoint = s.Tracepoint, Trace = trace,
                ExplainedCall = trace.DefaultCall(_lastFire.Run.Violations, callee => callee == ArrayEntryNames.Stub),
            };
        }

        private StepResult GracePeriod(ScenarioStep s)
        {
            machine.Rcu.GracePeriod();
            return Ok(s);
        }

        private string ArrayText() =>
            _currentTracepoint is { } tp ? List(machine.ArrayNames(tp)) : "(no tracepoint yet)";

        private StepResult Expect(ScenarioStep s, string expected, string actual) => _log.Expect(s, expected, actual);

        private static string List(IEnumerable<string> items) => StepLog.List(items);

        private ulong Probe(ScenarioStep s, KernelModule module, ProbeRef probe) =>
            module.TryGetSymbol(probe.Probe, out var address)
                ? address
                : throw Error(s, probe.ToString(), $"module '{probe.Module}' defines no function '{probe.Probe}'");

        private ScenarioRuntimeException Error(ScenarioStep s, string word, string what, Exception? inner = null) =>
            new(scenario.File, s.Line, word, what, inner);
    }
}

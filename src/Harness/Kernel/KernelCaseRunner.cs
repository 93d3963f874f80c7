using System.Diagnostics;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Tracing;
using Tpsim.Harness.Cases;
using Tpsim.Harness.Running;
using Tpsim.KernelSim.Machine;
using Tpsim.Linux;
using Tpsim.Linux.Build;
using Tpsim.Linux.Machine;
using Tpsim.Linux.Scenarios;

namespace Tpsim.Harness.Kernel;

/// <summary>
/// Runs <see cref="KernelMatrix"/> cases of one build on a booted real kernel: the generated tracepoints, the recording
/// probes and the controls are kbuild modules; each case builds its array with the tree's own register and (failing)
/// unregister, fires through the real <c>trace_NAME()</c> with every call checked, and unregisters what is left. A
/// control runs on a machine of its own, since it may leave the CPU inside the iterator (a trap, a fault, a loop).
/// </summary>
public sealed class KernelCaseRunner(KernelBuild build, KernelCache cache, Action<string>? progress = null) : IDisposable
{
    private Machine? _shared;

    public KernelBuild Build { get; } = build;

    /// <summary>Records each case's fire and keeps the trace when it did not end balanced (<see cref="CaseOutcome.Trace"/>).</summary>
    public bool TraceNotBalanced { get; init; }

    public CaseOutcome Run(StubCase stubCase) =>
        Run(stubCase, stubCase.Stub == KernelMatrix.RealStub ? KernelMatrix.Shapes.Single(s => s.Name == stubCase.Shape.Name) : null);

    /// <summary>Runs a case with the array built by <paramref name="shape"/>'s operations (null for a control).</summary>
    public CaseOutcome Run(StubCase stubCase, KernelShape? shape)
    {
        ArgumentNullException.ThrowIfNull(stubCase);
        if (stubCase.Site != SiteKind.Kernel || stubCase.Isa != Build.Isa || stubCase.Build != Build.Build)
        {
            throw new CaseInputException($"case {stubCase.Name} is not a real-kernel case of {Build.Isa.Name} {Build.Build.Name}");
        }
        var watch = Stopwatch.StartNew();
        if (shape is not null)
        {
            _shared ??= new Machine(Build, cache, progress) { Traces = TraceNotBalanced };
            return _shared.RunShape(stubCase, shape, watch);
        }
        using var own = new Machine(Build, cache, progress) { Traces = TraceNotBalanced };
        return own.RunControl(stubCase, watch);
    }

    public void Dispose() => _shared?.Dispose();

    private sealed class Machine : IDisposable
    {
        private readonly LinuxMachine _m;
        private readonly LoadedObject _tracepoints;
        private readonly LoadedObject _probes;
        private readonly LoadedObject _controls;
        private readonly RecordingLog _log;
        private readonly HashSet<ulong> _recording = [];
        private readonly ulong _register;
        private readonly ulong _unregister;

        public Machine(KernelBuild build, KernelCache cache, Action<string>? progress)
        {
            _m = new LinuxMachine(build, cache, progress);
            try
            {
                _tracepoints = _m.LoadModule(KernelMatrix.TracepointsModule, ScenarioModuleSources.Tracepoints(KernelMatrix.Tracepoints));
                _m.AddSite(_tracepoints);
                _probes = _m.LoadModule(KernelMatrix.ProbesModule, KernelMatrix.ProbesSource());
                _controls = _m.LoadModule(KernelMatrix.ControlsModule, KernelMatrix.ControlsSources(build.Isa));
                _log = _m.ProbeLog(_tracepoints.Symbol(ScenarioModuleSources.Log), _tracepoints.Symbol(ScenarioModuleSources.LogLength));
                _register = _m.Core.Symbol("tracepoint_probe_register");
                _unregister = _m.Core.Symbol("tracepoint_probe_unregister");
            }
            catch
            {
                _m.Dispose();
                throw;
            }
        }

        /// <summary>Registers the shape's probes, removes the planned ones with their allocation failing, fires, and cleans up.</summary>
        public CaseOutcome RunShape(StubCase c, KernelShape shape, Stopwatch watch)
        {
            var n = c.Args;
            var tp = Tracepoint(n);
            var entries = Enumerable.Range(1, shape.Probes).Select(i => (Func: Probe(n, i), Data: Seeds.Data(i - 1))).ToList();
            var problems = new List<string>();
            foreach (var (func, data) in entries)
            {
                Expect(problems, "register", func, _m.Call(_register, tp, func, data));
            }
            foreach (var position in shape.Removed)
            {
                _m.Heap.Faults.FailNext(1);
                var (func, data) = entries[position - 1];
                Expect(problems, "unregister with its allocation failing", func, _m.Call(_unregister, tp, func, data));
                if (_m.Heap.Faults.Pending > 0)
                {
                    problems.Add($"the removal of {_m.NameOf(func)} allocated nothing, so the injected failure was not consumed");
                    _m.Heap.Faults.Clear();
                }
            }
            var planned = shape.Shape.Entries.Select((e, i) => e == ArrayEntry.Stub ? "stub" : _m.NameOf(entries[i].Func)).ToList();
            var actual = _m.Funcs(tp).Select(f => _m.NameOf(f.Func)).ToList();
            if (!planned.SequenceEqual(actual))
            {
                problems.Add($"the array is [{string.Join(", ", actual)}], not the planned [{string.Join(", ", planned)}]");
            }
            var outcome = Fire(c, tp);
            // Back to an empty tracepoint: every probe still in the array removed, with allocations succeeding.
            foreach (var (func, data) in entries.Where((_, i) => !shape.Removed.Contains(i + 1)))
            {
                Expect(problems, "clean-up unregister", func, _m.Call(_unregister, tp, func, data));
            }
            if (_m.Funcs(tp).Count != 0)
            {
                throw new CaseInputException($"case {c.Name}: the tracepoint still has [{string.Join(", ", _m.Funcs(tp).Select(f => _m.NameOf(f.Func)))}] after every probe was removed");
            }
            return Outcome(c, outcome, problems, watch);
        }

        /// <summary>[probe, control, probe] by three registrations: the control is a probe to the kernel.</summary>
        public CaseOutcome RunControl(StubCase c, Stopwatch watch)
        {
            var n = c.Args;
            var tp = Tracepoint(n);
            var control = _controls.Symbol(KernelMatrix.ControlFunction(c.Isa.Controls.Single(k => $"control:{k.Name}" == c.Stub.Name)));
            var problems = new List<string>();
            Expect(problems, "register", Probe(n, 1), _m.Call(_register, tp, Probe(n, 1), Seeds.Data(0)));
            Expect(problems, "register", control, _m.Call(_register, tp, control, Seeds.Data(1)));
            Expect(problems, "register", Probe(n, 2), _m.Call(_register, tp, Probe(n, 2), Seeds.Data(2)));
            return Outcome(c, Fire(c, tp), problems, watch);
        }

        /// <summary>Whether fires are recorded instruction by instruction.</summary>
        public bool Traces { get; init; }

        /// <summary>The last fire's trace, when it was recorded and did not end balanced.</summary>
        private CallTrace? _trace;

        private RunOutcome Fire(StubCase c, ulong tp)
        {
            var args = Enumerable.Range(0, c.Args).Select(Seeds.Argument).ToArray();
            _trace = null;
            if (!Traces)
            {
                return _m.Fire(tp, _tracepoints.Symbol($"tpsim_fire_{KernelMatrix.Tracepoint(c.Args)}"), args, _log, _recording.Contains);
            }
            using var tracer = _m.BeginTrace();
            RunOutcome run;
            try
            {
                run = _m.Fire(tp, _tracepoints.Symbol($"tpsim_fire_{KernelMatrix.Tracepoint(c.Args)}"), args, _log, _recording.Contains);
            }
            finally
            {
                _m.EndTrace();
            }
            _trace = run.Verdict == Verdict.Balanced ? null : tracer.Finish(run);
            return run;
        }

        private CaseOutcome Outcome(StubCase c, RunOutcome run, List<string> problems, Stopwatch watch)
        {
            var result = new CaseResult(run.Verdict, run.Violations, run.Trap, run.Fault, run.CallsCompleted, [.. problems, .. run.Notes])
            {
                TrapPcSymbol = run.Trap is { } t ? _m.Symbolize(t.Pc) : null,
                FaultAddressSymbol = run.Fault is { } f ? _m.Symbolize(f.Address) : null,
            };
            var outcome = new CaseOutcome(c, result, watch.Elapsed)
            {
                Trace = _trace,
                // The control (or the stub) is the middle entry; a violation names its own call.
                ExplainedCall = _trace?.DefaultCall(run.Violations, callee => callee == "tp_stub_func" || callee.StartsWith(KernelMatrix.ControlPrefix, StringComparison.Ordinal)) ?? 0,
            };
            return problems.Count == 0 ? outcome : outcome with { Ok = false };
        }

        private void Expect(List<string> problems, string what, ulong func, ulong returned)
        {
            if ((int)returned != 0)
            {
                problems.Add($"{what} {_m.NameOf(func)} returned {(int)returned}");
            }
        }

        private ulong Tracepoint(int args) => _tracepoints.Symbol($"__tracepoint_{KernelMatrix.Tracepoint(args)}");

        private ulong Probe(int args, int index)
        {
            var address = _probes.Symbol(KernelMatrix.Probe(args, index));
            _recording.Add(address);
            return address;
        }

        public void Dispose() => _m.Dispose();
    }
}

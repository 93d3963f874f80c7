using System.Globalization;
using CsCheck;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Kernel;
using Tpsim.KernelSim.Machine;
using Tpsim.KernelSim.Strategies;
using Tpsim.KernelSim.Tracepoints;
using Xunit;

namespace Tpsim.Tests.KernelSim.Machine;

/// <summary>
/// Scenario fuzzing (issue 5): random sequences of load, register (with prios), unregister, fail-alloc, fire,
/// grace-period and unload, played on a real <see cref="KernelMachine"/> (Unicorn, compiled kernel image and
/// recording modules) for every ISA and strategy, and checked after every step against
/// <see cref="ReferenceModel"/>: return codes, the funcs arrays (entries and names, placeholders included),
/// the static keys, the grace-period count, and for every fire its verdict and the probes it called, in order.
/// <para>
/// The rule on unloads: <c>unload M</c> runs M's exit, which calls unregister for every registration of M that
/// returned 0 and has not had an unregister called since (each call checked like any other; an armed
/// fail-alloc hits the first), ignores the results as real module exits do, and then unmaps M. Explicit
/// unregisters, registers and loads act only on loaded modules. For every strategy except <c>fail</c> no entry
/// of an unloaded module may then remain in any array (checked after each step), so every fire must be
/// balanced and no sequence may end in a fault (each sequence ends by firing every tracepoint). For
/// <c>fail</c>, an unregister that returned <c>-ENOMEM</c> leaves the probe in the array and the unload makes
/// it dangling: a fire of that tracepoint must fault (after calling exactly the entries before the dangling
/// one), and a fire of a tracepoint without a dangling entry must be balanced, so faults appear only after an
/// unload with a dangling probe.
/// </para>
/// The seed and the number of sequences per ISA x strategy come from TPSIM_FUZZ_SEED and
/// TPSIM_FUZZ_ITERATIONS (defaults: a fixed seed and 4), for a longer soak run.
/// </summary>
public sealed class ScenarioFuzzTests
{
    private const ulong DefaultSeed = 0x7470_7369_6d5f_0005;
    private const int DefaultIterations = 4;

    public static TheoryData<string, string> Grid()
    {
        var data = new TheoryData<string, string>();
        foreach (var isa in Isas.MatrixNames)
        {
            foreach (var s in KernelStrategies.All)
            {
                data.Add(isa, s.Name);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Grid))]
    public void Random_sequences_match_the_reference_model(string isa, string strategy)
    {
        var seed = Seed();
        var iterations = Iterations();
        var pcg = new PCG(Stream(isa, strategy), seed);
        for (var i = 0; i < iterations; i++)
        {
            var ops = FuzzScenario.GenOps.Generate(pcg, null, out _);
            var mismatch = FuzzScenario.Run(isa, strategy, ops, FuzzScenario.Mutation.None);
            Assert.True(
                mismatch is null,
                $"{isa}/{strategy} sequence {i} of TPSIM_FUZZ_SEED=0x{seed:x} TPSIM_FUZZ_ITERATIONS={iterations}: {mismatch}\n  ops: {FuzzScenario.Print(ops)}");
        }
    }

    /// <summary>The checker can fail: a reference whose prio order is reversed is caught on every ISA.</summary>
    [Theory]
    [MemberData(nameof(AllIsas))]
    public void Negative_control_reversed_prio_order_is_reported(string isa)
    {
        FuzzScenario.Op[] ops =
        [
            // After the setup's m0.h0 and m1.w0 (both prio 10), m0.h1 with prio 20 goes first.
            FuzzScenario.Op.Register(1, 0, 20),
            FuzzScenario.Op.Fire(),
        ];
        Assert.Null(FuzzScenario.Run(isa, "stub", ops, FuzzScenario.Mutation.None));
        var mismatch = FuzzScenario.Run(isa, "stub", ops, FuzzScenario.Mutation.ReversedPrio);
        Assert.NotNull(mismatch);
        Assert.Contains("step 0", mismatch, StringComparison.Ordinal);
    }

    /// <summary>The checker can fail: expecting no fault for <c>fail</c> after a dangling unload is caught on every ISA.</summary>
    [Theory]
    [MemberData(nameof(AllIsas))]
    public void Negative_control_no_fault_after_a_dangling_unload_is_reported(string isa)
    {
        FuzzScenario.Op[] ops =
        [
            // The setup registered m0.h0 and m1.w0 on tp: the seed's story.
            FuzzScenario.Op.FailAlloc(FuzzScenario.AllocFault.RemovePath),
            FuzzScenario.Op.Unregister(0, 0),
            FuzzScenario.Op.Unload(0),
            FuzzScenario.Op.Fire(),
        ];
        Assert.Null(FuzzScenario.Run(isa, "fail", ops, FuzzScenario.Mutation.None));
        var mismatch = FuzzScenario.Run(isa, "fail", ops, FuzzScenario.Mutation.NoFaultOnDangling);
        Assert.NotNull(mismatch);
        Assert.Contains("step 3", mismatch, StringComparison.Ordinal);
        Assert.Contains("fault", mismatch, StringComparison.Ordinal);
        // The same sequence under stub leaves nothing dangling: balanced, and the mutation changes nothing.
        Assert.Null(FuzzScenario.Run(isa, "stub", ops, FuzzScenario.Mutation.NoFaultOnDangling));
    }

    /// <summary>The generator reaches the prio ordering: with the reversed reference, generated sequences are caught too.</summary>
    [Fact]
    public void Negative_control_generated_sequences_catch_reversed_prio()
    {
        var pcg = new PCG(Stream("x86_64", "stub"), DefaultSeed);
        var caught = 0;
        for (var i = 0; i < 8; i++)
        {
            var ops = FuzzScenario.GenOps.Generate(pcg, null, out _);
            if (FuzzScenario.Run("x86_64", "stub", ops, FuzzScenario.Mutation.ReversedPrio) is not null)
            {
                caught++;
            }
        }
        Assert.True(caught > 0, "no generated sequence told a reversed prio order apart");
    }

    public static TheoryData<string> AllIsas() => [.. Isas.MatrixNames];

    private static ulong Seed()
    {
        var text = Environment.GetEnvironmentVariable("TPSIM_FUZZ_SEED");
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultSeed;
        }
        text = text.Trim();
        return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.Parse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : ulong.Parse(text, CultureInfo.InvariantCulture);
    }

    private static int Iterations() =>
        int.TryParse(Environment.GetEnvironmentVariable("TPSIM_FUZZ_ITERATIONS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : DefaultIterations;

    /// <summary>A PCG stream per ISA and strategy (stable across runs, unlike string.GetHashCode).</summary>
    private static uint Stream(string isa, string strategy)
    {
        var h = 2166136261u;
        foreach (var c in $"{isa}/{strategy}")
        {
            h = (h ^ c) * 16777619u;
        }
        return h;
    }
}

/// <summary>The generator, the driver and the checker of <see cref="ScenarioFuzzTests"/>.</summary>
internal static class FuzzScenario
{
    public enum Kind
    {
        Load,
        Unload,
        Register,
        Unregister,
        FailAlloc,
        Fire,
        GracePeriod,
    }

    public enum AllocFault
    {
        Next,
        AddPath,
        RemovePath,
    }

    /// <summary>Deliberately wrong expectations, for the negative controls.</summary>
    public enum Mutation
    {
        None,
        ReversedPrio,
        NoFaultOnDangling,
    }

    private static readonly string[] TracepointNames = ["tp", "tp2"];
    private static readonly (string Name, int Args)[] TracepointDecls = [("tp", 3), ("tp2", 2)];

    private static readonly string[] ModuleNames = ["m0", "m1", "m2"];

    /// <summary>The probes: module index, name, tracepoint index; ids are index + 1.</summary>
    private static readonly (int Module, string Name, int Tp)[] Probes =
    [
        (0, "h0", 0),
        (0, "h1", 0),
        (1, "w0", 0),
        (1, "w1", 1),
        (2, "x0", 1),
    ];

    private static readonly ulong[] DataValues = [0xa1, 0xb2];

    private static readonly int[] Prios = [-5, 0, TracepointLayout.DefaultPrio, 20];

    private static readonly Compiler Compiler = new();

    public sealed record Op(Kind Kind, int Index, int Data, int Prio, AllocFault Fault, ulong A1, ulong A2, ulong A3)
    {
        public static Op Register(int probe, int data, int prio) => new(Kind.Register, probe, data, prio, default, 0, 0, 0);

        public static Op Unregister(int probe, int data) => new(Kind.Unregister, probe, data, 0, default, 0, 0, 0);

        public static Op FailAlloc(AllocFault fault) => new(Kind.FailAlloc, 0, 0, 0, fault, 0, 0, 0);

        /// <summary><c>unload M</c>; with <paramref name="failing"/>, <c>fail-alloc path=func_remove</c> right before it.</summary>
        public static Op Unload(int module, bool failing = false) => new(Kind.Unload, module, failing ? 1 : 0, 0, AllocFault.RemovePath, 0, 0, 0);

        public static Op Fire(int tp = 0) => new(Kind.Fire, tp, 0, 0, default, 1, 2, 3);

        public override string ToString() => Kind switch
        {
            Kind.Load => $"load {ModuleNames[Index]}",
            Kind.Unload => Data == 1 ? $"fail-alloc path={TracepointModel.RemovePath}; unload {ModuleNames[Index]}" : $"unload {ModuleNames[Index]}",
            Kind.Register => $"register {TracepointNames[Probes[Index].Tp]} {ProbeName(Index)} prio={Prio} data=0x{DataValues[Data]:x}",
            Kind.Unregister => $"unregister {TracepointNames[Probes[Index].Tp]} {ProbeName(Index)} data=0x{DataValues[Data]:x}",
            Kind.FailAlloc => Fault switch
            {
                AllocFault.AddPath => $"fail-alloc path={TracepointModel.AddPath}",
                AllocFault.RemovePath => $"fail-alloc path={TracepointModel.RemovePath}",
                _ => "fail-alloc",
            },
            Kind.Fire => $"fire {TracepointNames[Index]} 0x{A1:x} 0x{A2:x} 0x{A3:x}",
            _ => "grace-period",
        };
    }

    private static string ProbeName(int probe) => $"{ModuleNames[Probes[probe].Module]}.{Probes[probe].Name}";

    public static readonly Gen<Op> GenOp =
        Gen.Frequency(
            (6, Gen.Select(Gen.Int[0, Probes.Length - 1], Gen.Int[0, DataValues.Length - 1], Gen.Int[0, Prios.Length - 1],
                (p, d, prio) => Op.Register(p, d, Prios[prio]))),
            (2, Gen.Select(Gen.Int[0, Probes.Length - 1], Gen.Int[0, DataValues.Length - 1], (p, d) => Op.Unregister(p, d))),
            (2, Gen.Frequency((1, Gen.Const(AllocFault.Next)), (1, Gen.Const(AllocFault.AddPath)), (2, Gen.Const(AllocFault.RemovePath)))
                .Select(Op.FailAlloc)),
            (3, Gen.Select(Gen.Int[0, TracepointNames.Length - 1], Gen.ULong, Gen.ULong, Gen.ULong,
                (tp, a1, a2, a3) => new Op(Kind.Fire, tp, 0, 0, default, a1, a2, a3))),
            (1, Gen.Const(new Op(Kind.GracePeriod, 0, 0, 0, default, 0, 0, 0))),
            (1, Gen.Int[0, ModuleNames.Length - 1].Select(m => new Op(Kind.Load, m, 0, 0, default, 0, 0, 0))),
            (2, Gen.Select(Gen.Int[0, ModuleNames.Length - 1], Gen.Bool, Op.Unload)));

    public static readonly Gen<Op[]> GenOps = GenOp.Array[4, MaxSteps];

    private const int MaxSteps = 12;

    /// <summary>The seed's setting, played before every sequence: m0 and m1 loaded, three probes registered.</summary>
    private static readonly Op[] Setup =
    [
        Op.Register(0, 0, TracepointLayout.DefaultPrio),
        Op.Register(2, 1, TracepointLayout.DefaultPrio),
        Op.Register(3, 0, TracepointLayout.DefaultPrio),
    ];

    public static string Print(IEnumerable<Op> ops) => string.Join("; ", ops);

    /// <summary>Plays <paramref name="ops"/> on a fresh machine (m0 and m1 loaded, m2 not; then <see cref="Setup"/>) and returns the first mismatch, or null.</summary>
    public static string? Run(string isaName, string strategyName, IReadOnlyList<Op> ops, Mutation mutation)
    {
        var strategy = Isas.Strategy(strategyName);
        using var machine = new KernelMachine(Isas.Create(isaName), Compiler, strategy, TracepointDecls);
        var state = new State(machine, strategy, mutation);
        state.Load(0);
        state.Load(1);
        foreach (var op in Setup)
        {
            var at = $"setup ({op})";
            if ((state.Apply(op, at) ?? state.CheckState(at)) is { } error)
            {
                return error;
            }
        }
        for (var step = 0; step < ops.Count; step++)
        {
            var at = $"step {step} ({ops[step]})";
            var error = state.Apply(ops[step], at) ?? state.CheckState(at);
            if (error is not null)
            {
                return error;
            }
        }
        // No sequence may end in a fault unless a dangling probe is in the array (only `fail` makes one).
        for (var tp = 0; tp < TracepointNames.Length; tp++)
        {
            var at = $"final fire of {TracepointNames[tp]}";
            var error = state.Apply(new Op(Kind.Fire, tp, 0, 0, default, 0x11, 0x22, 0x33), at) ?? state.CheckState(at);
            if (error is not null)
            {
                return error;
            }
        }
        return null;
    }

    private sealed class State
    {
        private readonly KernelMachine _machine;
        private readonly RemovalStrategy _strategy;
        private readonly Mutation _mutation;
        private readonly Tracepoint[] _tps;
        private readonly ReferenceModel[] _refs;
        private readonly ulong[] _placeholders;

        /// <summary>Each probe's address in the most recent load of its module (0 before the first load).</summary>
        private readonly ulong[] _probeAddress = new ulong[Probes.Length];

        private readonly bool[] _loaded = new bool[ModuleNames.Length];

        /// <summary>Addresses of probes whose module load has been unloaded: an array entry with one of these dangles.</summary>
        private readonly HashSet<ulong> _dead = [];

        /// <summary>Registrations that returned 0 and have not had an unregister called since: what a module's exit must undo.</summary>
        private readonly HashSet<(int Tp, ulong Func, ulong Data)> _owed = [];

        private AllocFault? _armed;
        private long _gracePeriods;

        public State(KernelMachine machine, RemovalStrategy strategy, Mutation mutation)
        {
            _machine = machine;
            _strategy = strategy;
            _mutation = mutation;
            _tps = [.. TracepointNames.Select(machine.Tracepoint)];
            _placeholders = [.. _tps.Select(machine.Model.Placeholder)];
            _refs = [.. _placeholders.Select(p => new ReferenceModel(strategy, p))];
        }

        public void Load(int module)
        {
            var probes = Enumerable.Range(0, Probes.Length).Where(p => Probes[p].Module == module).ToArray();
            var source = RecordingModuleSource.Build(
                ModuleNames[module],
                [.. probes.Select(p => (Probes[p].Name, (long)(p + 1), TracepointDecls[Probes[p].Tp].Args))]);
            var (loaded, _) = _machine.LoadModule(ModuleNames[module], source, $"{ModuleNames[module]}.c");
            foreach (var p in probes)
            {
                if (!loaded.TryGetSymbol(Probes[p].Name, out var address))
                {
                    throw new InvalidOperationException($"{ModuleNames[module]} has no symbol {Probes[p].Name}");
                }
                _probeAddress[p] = address;
                _machine.MarkRecordingProbe(address, p + 1);
            }
            _loaded[module] = true;
        }

        public string? Apply(Op op, string at)
        {
            switch (op.Kind)
            {
                case Kind.Load:
                    if (!_loaded[op.Index])
                    {
                        Load(op.Index);
                    }
                    return CheckPending(at);
                case Kind.Unload:
                    if (op.Data == 1)
                    {
                        // The combined form: a fail-alloc on the removal path right before the unload.
                        Apply(Op.FailAlloc(op.Fault), at);
                    }
                    return Unload(op.Index, at);
                case Kind.Register:
                case Kind.Unregister:
                    return RegisterOrUnregister(op, at);
                case Kind.FailAlloc:
                    _machine.Heap.Faults.Clear();
                    switch (op.Fault)
                    {
                        case AllocFault.Next:
                            _machine.Heap.Faults.FailNext(1);
                            break;
                        case AllocFault.AddPath:
                            _machine.Heap.Faults.FailPath(TracepointModel.AddPath, 1);
                            break;
                        default:
                            _machine.Heap.Faults.FailPath(TracepointModel.RemovePath, 1);
                            break;
                    }
                    _armed = op.Fault;
                    return null;
                case Kind.Fire:
                    return Fire(op, at);
                default:
                    _machine.Rcu.GracePeriod();
                    _gracePeriods++;
                    return CheckPending(at);
            }
        }

        private string? Unload(int module, string at)
        {
            if (!_loaded[module])
            {
                return CheckPending(at);
            }
            var addresses = Enumerable.Range(0, Probes.Length).Where(p => Probes[p].Module == module).Select(p => _probeAddress[p]).ToHashSet();
            // The rule: a module's exit calls unregister for every registration it still owes and ignores the
            // result (an armed allocation failure hits the first of them); only then is the module unloaded.
            var owed = _owed.Where(o => addresses.Contains(o.Func)).OrderBy(o => o.Tp).ThenBy(o => o.Func).ThenBy(o => o.Data).ToList();
            foreach (var (tpIndex, func, data) in owed)
            {
                var probe = Array.IndexOf(_probeAddress, func);
                if (UnregisterChecked(tpIndex, func, data, $"{at}, exit unregister of {ProbeName(probe)} data=0x{data:x}") is { } error)
                {
                    return error;
                }
            }
            _machine.UnloadModule(ModuleNames[module]);
            _loaded[module] = false;
            _dead.UnionWith(addresses);
            return CheckPending(at);
        }

        private string? RegisterOrUnregister(Op op, string at)
        {
            var (module, _, tpIndex) = Probes[op.Index];
            if (!_loaded[module])
            {
                // Only a loaded module registers or unregisters its probes.
                return CheckPending(at);
            }
            var tp = _tps[tpIndex];
            var func = _probeAddress[op.Index];
            var data = DataValues[op.Data];
            int got, want;
            if (op.Kind == Kind.Register)
            {
                got = _machine.Model.Register(tp, func, data, op.Prio);
                var prio = _mutation == Mutation.ReversedPrio ? -op.Prio : op.Prio;
                want = _refs[tpIndex].Register(func, data, prio, _armed is AllocFault.Next or AllocFault.AddPath);
                if (got == 0)
                {
                    _owed.Add((tpIndex, func, data));
                }
            }
            else
            {
                return UnregisterChecked(tpIndex, func, data, at);
            }
            _machine.Heap.Faults.Clear();
            _armed = null;
            return got == want ? null : $"{at}: returned {Errno.Name(got)}, reference {Errno.Name(want)}";
        }

        private string? UnregisterChecked(int tpIndex, ulong func, ulong data, string at)
        {
            var got = _machine.Model.Unregister(_tps[tpIndex], func, data);
            var want = _refs[tpIndex].Unregister(func, data, _armed is AllocFault.Next or AllocFault.RemovePath, atomic: false, ref _gracePeriods);
            _owed.Remove((tpIndex, func, data));
            _machine.Heap.Faults.Clear();
            _armed = null;
            return got == want ? null : $"{at}: returned {Errno.Name(got)}, reference {Errno.Name(want)}";
        }

        private string? Fire(Op op, string at)
        {
            var tpIndex = op.Index;
            var name = TracepointNames[tpIndex];
            var args = new[] { op.A1, op.A2, op.A3 }.Take(TracepointDecls[tpIndex].Args).ToArray();
            var fire = _machine.Fire(name, args);
            var calls = fire.Calls.Where(c => c != "stub").ToList();
            var entries = _refs[tpIndex].Array.Where(e => e.Func != _placeholders[tpIndex]).ToList();
            var firstDangling = entries.FindIndex(e => _dead.Contains(e.Func));
            var verdict = fire.Run.Verdict;
            var pending = CheckPending(at);
            if (pending is not null)
            {
                return pending;
            }
            if (firstDangling >= 0 && _mutation != Mutation.NoFaultOnDangling)
            {
                // Only `fail` gets here (CheckState rejects a dangling entry under any other strategy).
                if (verdict != Verdict.Fault)
                {
                    return $"{at}: verdict {verdict.ToName()} with dangling {_machine.NameOf(entries[firstDangling].Func)} in the array, expected fault";
                }
                var prefix = entries.Take(firstDangling).Select(e => _machine.NameOf(e.Func)).ToList();
                if (!calls.SequenceEqual(prefix) && !calls.SequenceEqual(prefix.Append(_machine.NameOf(entries[firstDangling].Func))))
                {
                    return $"{at}: calls [{string.Join(", ", calls)}] before the fault, expected [{string.Join(", ", prefix)}]";
                }
                return null;
            }
            var firstSkip = _refs[tpIndex].Array.ToList().FindIndex(e => e.Func == _placeholders[tpIndex]);
            if (_strategy.Iterator == IteratorVariant.Skip && firstSkip >= 0 && _placeholders[tpIndex] != 0)
            {
                // skip as posted: the loop reads the first skip entry forever, after calling what precedes it.
                var before = _refs[tpIndex].Array.Take(firstSkip).Select(e => _machine.NameOf(e.Func)).ToList();
                return verdict == Verdict.Timeout && calls.SequenceEqual(before)
                    ? null
                    : $"{at}: verdict {verdict.ToName()} calling [{string.Join(", ", calls)}], expected timeout after [{string.Join(", ", before)}]";
            }
            if (verdict != Verdict.Balanced)
            {
                return $"{at}: verdict {verdict.ToName()}, expected balanced ({string.Join("; ", fire.Run.Notes.Concat(fire.Run.Violations.Select(v => v.ToString())))})";
            }
            var expected = entries.Select(e => _machine.NameOf(e.Func)).ToList();
            return calls.SequenceEqual(expected)
                ? null
                : $"{at}: called [{string.Join(", ", calls)}], reference [{string.Join(", ", expected)}]";
        }

        /// <summary>Only a register or unregister consumes an armed allocation failure.</summary>
        private string? CheckPending(string at)
        {
            var want = _armed is null ? 0 : 1;
            return _machine.Heap.Faults.Pending == want ? null : $"{at}: {_machine.Heap.Faults.Pending} allocation failures pending, expected {want}";
        }

        public string? CheckState(string at)
        {
            if (_machine.Rcu.CompletedGracePeriods != _gracePeriods)
            {
                return $"{at}: {_machine.Rcu.CompletedGracePeriods} grace periods, reference {_gracePeriods}";
            }
            for (var i = 0; i < _tps.Length; i++)
            {
                var reference = _refs[i].Array
                    .Select(e => _mutation == Mutation.ReversedPrio ? e with { Prio = -e.Prio } : e)
                    .ToList();
                var array = _machine.Model.ReadArray(_tps[i]);
                if (!reference.SequenceEqual(array))
                {
                    return $"{at}: {TracepointNames[i]} is [{string.Join(", ", array)}], reference [{string.Join(", ", reference)}]";
                }
                var names = _machine.ArrayNames(TracepointNames[i]);
                var refNames = reference.Select(e => _machine.NameOf(e.Func)).ToList();
                if (!names.SequenceEqual(refNames))
                {
                    return $"{at}: {TracepointNames[i]} reads [{string.Join(", ", names)}], reference [{string.Join(", ", refNames)}]";
                }
                if (_machine.Model.Enabled(_tps[i]) != reference.Count > 0)
                {
                    return $"{at}: {TracepointNames[i]} static key is {_machine.Model.Enabled(_tps[i])} with {reference.Count} entries";
                }
                if (_strategy.OnRemovalFailure != RemovalFailurePolicy.ReturnError && reference.FirstOrDefault(e => _dead.Contains(e.Func)) is { Func: not 0 } dangling)
                {
                    return $"{at}: {_machine.NameOf(dangling.Func)} of an unloaded module is still in {TracepointNames[i]} under {_strategy.Name}";
                }
            }
            return null;
        }
    }
}

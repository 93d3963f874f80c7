using System.Diagnostics;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;
using Tpsim.KernelSim.Machine;

namespace Tpsim.KernelSim.Bench;

/// <summary>
/// Fires per second of a three-probe tracepoint (the strategies table's fire): tpsim's <see cref="KernelMachine.Fire"/>,
/// which checks every call, against the C loop (<see cref="NativeRunLoop"/>) running the same fire on an identical
/// kernel whose hooks are removed. The two alternate for <see cref="Rounds"/> rounds of <see cref="RoundTime"/> each;
/// each side's rate is its median round, and the ratio is the median of the rounds' ratios, so that a slow spell of
/// this shared machine falls on both sides of one ratio rather than on one side of the figure.
/// </summary>
public static class FireRateBench
{
    public const int Rounds = 15;

    public static readonly TimeSpan RoundTime = TimeSpan.FromMilliseconds(100);

    /// <summary>How long tpsim's fire runs before it is timed (the C loop needs no warm-up beyond its first runs).</summary>
    public static readonly TimeSpan WarmUpTime = TimeSpan.FromMilliseconds(1500);

    private static readonly ulong[] Args = [1, 2, 3];

    public static FireRateFigure Measure(IsaBackend isa, Compiler compiler, NativeRunLoop loop)
    {
        ArgumentNullException.ThrowIfNull(loop);
        // tpsim's own fire path: the machine as scenarios use it, counting nothing.
        using var machine = Setup(isa, compiler, countInstructions: false);
        var first = machine.Fire("bench", Args);
        if (first.Run.Verdict != Verdict.Balanced)
        {
            throw new InvalidOperationException($"{isa.Name}: the benchmark's fire is {first.Run.Verdict.ToName()}, not balanced");
        }
        long instructions;
        using (var counting = Setup(isa, compiler, countInstructions: true))
        {
            instructions = counting.Fire("bench", Args).Run.Instructions ?? 0;
        }

        // The yardstick's kernel: the same image, module and array, run bare by the C loop.
        using var yardstick = Setup(isa, compiler, countInstructions: false);
        var raw = yardstick.DetachForRawFire("bench", Args);
        using var context = raw.Context;
        // Every timed run of the C loop must leave the log's length at the three calls it recorded.
        var threeCalls = new byte[raw.ResetSize];
        MemoryWords.PutWord(threeCalls, raw.ResetSize, 3, isa.Abi.ByteOrder);
        var note = YardstickProblem(isa, yardstick, Loop);

        // Steady state, as a long scenario or a matrix sees it: the fire path's methods are first compiled quickly
        // and recompiled optimised only after some hundred calls and a delay, so the first part of a run is slower.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < WarmUpTime)
        {
            machine.Fire("bench", Args);
        }
        if (note is null)
        {
            Check(Loop(100), isa);
        }
        var managed = new double[Rounds];
        var native = new double[Rounds];
        for (var round = 0; round < Rounds; round++)
        {
            managed[round] = Rate(100, () =>
            {
                for (var i = 0; i < 100; i++)
                {
                    machine.Fire("bench", Args);
                }
            });
            native[round] = note is null ? Rate(1000, () => Check(Loop(1000), isa)) : double.NaN;
        }
        return new FireRateFigure(isa.Name, Median(managed), note is null ? Median(native) : double.NaN, instructions)
        {
            Note = note,
            RoundRatio = note is null ? Median([.. managed.Zip(native, (m, c) => m / c)]) : null,
        };

        NativeLoopResult Loop(int count) => loop.Run(raw.Engine, context, raw.Begin, raw.Until, KernelMachine.CallBudget, count, raw.ResetAddress, raw.ResetSize, threeCalls);
    }

    /// <summary>
    /// Why the C loop does not run the same fire, or null when it does: each run has to record exactly the three probe
    /// calls, so the log's length is zeroed before every run as tpsim's fire does (without that the log fills up after
    /// some eighty runs and the probes stop writing records: a cheaper fire).
    /// </summary>
    private static string? YardstickProblem(IsaBackend isa, KernelMachine yardstick, Func<int, NativeLoopResult> loop)
    {
        var result = loop(1);
        var recorded = yardstick.RecordedCalls;
        if (result.Ok && recorded == 3)
        {
            result = loop(2);
            recorded = yardstick.RecordedCalls;
        }
        if (result.Ok && recorded == 3)
        {
            return null;
        }
        return $"the C loop cannot run this fire without a managed hook (uc_emu_start returned {result.Error}, {recorded} probe calls recorded instead of 3)"
            + (isa.UnhookedRunLimit is { } why ? $": {why}" : "");
    }

    /// <summary>Runs <paramref name="batch"/> (of <paramref name="size"/> fires) for one round; fires per second.</summary>
    private static double Rate(int size, Action batch)
    {
        var n = 0;
        var w = Stopwatch.StartNew();
        while (w.Elapsed < RoundTime)
        {
            batch();
            n += size;
        }
        return n / w.Elapsed.TotalSeconds;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    /// <summary>A kernel with the three-probe tracepoint: one module, three recording probes registered.</summary>
    private static KernelMachine Setup(IsaBackend isa, Compiler compiler, bool countInstructions)
    {
        var machine = new KernelMachine(isa, compiler, KernelSim.Strategies.Strategies.Stub, [("bench", 3)], countInstructions: countInstructions);
        var (module, _) = machine.LoadModule("m", RecordingModuleSource.Build("m", [("p1", 1, 3), ("p2", 2, 3), ("p3", 3, 3)]), "m.c");
        var tp = machine.Tracepoint("bench");
        foreach (var (probe, id) in new[] { ("p1", 1L), ("p2", 2L), ("p3", 3L) })
        {
            module.TryGetSymbol(probe, out var address);
            machine.MarkRecordingProbe(address, id);
            machine.Model.Register(tp, address, 0);
        }
        return machine;
    }

    private static void Check(NativeLoopResult result, IsaBackend isa)
    {
        if (result.WrongRun is { } run)
        {
            throw new InvalidOperationException($"{isa.Name}: run {run} of the C loop did not record the fire's three probe calls");
        }
        if (result.Error != UcError.Ok)
        {
            throw new InvalidOperationException($"{isa.Name}: the C loop's uc_emu_start failed with {result.Error}");
        }
    }
}

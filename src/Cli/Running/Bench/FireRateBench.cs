using System.Diagnostics;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;
using Tpsim.KernelSim.Machine;

namespace Tpsim.Cli.Running.Bench;

/// <summary>
/// Fires per second of a three-probe tracepoint (the strategies table's fire): tpsim's <see cref="KernelMachine.Fire"/>,
/// which checks every call, against the C loop (<see cref="NativeRunLoop"/>) running the same fire on the same engine
/// after the machine's hooks are removed. Each side runs for at least <see cref="MinimumTime"/>.
/// </summary>
public static class FireRateBench
{
    public static readonly TimeSpan MinimumTime = TimeSpan.FromMilliseconds(400);

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

        // Steady state, as a long scenario or a matrix sees it: the fire path's methods are first compiled quickly
        // and recompiled optimised only after some hundred calls and a delay, so the first part of a run is slower.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < WarmUpTime)
        {
            machine.Fire("bench", Args);
        }
        var fires = 0;
        var w = Stopwatch.StartNew();
        while (w.Elapsed < MinimumTime)
        {
            for (var i = 0; i < 100; i++)
            {
                machine.Fire("bench", Args);
            }
            fires += 100;
        }
        var managed = fires / w.Elapsed.TotalSeconds;

        var raw = machine.DetachForRawFire("bench", Args);
        using (raw.Context)
        {
            // The yardstick must run the same fire: each run has to record exactly the three probe calls, so the log's
            // length is zeroed before every run as tpsim's fire does (without that the log fills up after some eighty
            // runs, and the probes stop writing records: a cheaper fire).
            var err = Loop(1);
            var recorded = machine.RecordedCalls;
            if (err == UcError.Ok)
            {
                err = Loop(2);
                recorded = recorded == 3 ? machine.RecordedCalls : recorded;
            }
            if (err != UcError.Ok || recorded != 3)
            {
                return new FireRateFigure(isa.Name, managed, double.NaN, instructions)
                {
                    Note = $"the C loop cannot run this fire without a managed hook (uc_emu_start returned {err}, {recorded} probe calls recorded instead of 3)"
                        + (isa.Name == "mips64" ? ": Unicorn 2.0.1's mips64 uc_emu_start corrupts the start PC, which tpsim repairs from a hook" : ""),
                };
            }
            Check(Loop(100), isa);
            var n = 0;
            w.Restart();
            while (w.Elapsed < MinimumTime)
            {
                Check(Loop(1000), isa);
                n += 1000;
            }
            return new FireRateFigure(isa.Name, managed, n / w.Elapsed.TotalSeconds, instructions);
        }

        UcError Loop(int count) => loop.Run(raw.Engine, raw.Context, raw.Begin, raw.Until, KernelMachine.CallBudget, count, raw.ResetAddress, raw.ResetSize);
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

    private static void Check(UcError err, IsaBackend isa)
    {
        if (err != UcError.Ok)
        {
            throw new InvalidOperationException($"{isa.Name}: the C loop's uc_emu_start failed with {err}");
        }
    }
}

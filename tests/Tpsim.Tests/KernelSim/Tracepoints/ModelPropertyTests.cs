using CsCheck;
using Tpsim.KernelSim.Strategies;
using Tpsim.KernelSim.Tracepoints;
using Xunit;

namespace Tpsim.Tests.KernelSim.Tracepoints;

/// <summary>
/// Random operation sequences on two tracepoints, run against <see cref="TracepointModel"/> (guest memory, heap,
/// RCU) and <see cref="ReferenceModel"/> (plain lists), for every strategy. After each step the return codes,
/// the arrays as read from guest memory (placeholders included), the static keys and the grace-period counts
/// must agree; the published array must be live; every replaced array must be waiting for a grace period and
/// be freed by the next one.
/// </summary>
public sealed class ModelPropertyTests
{
    public enum OpKind
    {
        Register,
        Unregister,
        GracePeriod,
    }

    public enum Fault
    {
        None,
        Next,
        AddPath,
        RemovePath,
    }

    /// <summary>Func index 0..3: a probe; 4: NULL; 5: the strategy's placeholder (tp_stub_func when it has none); 6: never registered.</summary>
    public sealed record Op(OpKind Kind, int Tp, int Func, int Data, int Prio, Fault Fault, bool Atomic)
    {
        public override string ToString() =>
            Kind == OpKind.GracePeriod ? $"gp{(Atomic ? " (atomic)" : "")}" : $"{Kind} tp{Tp} f{Func} d{Data} p{Prio} {Fault}{(Atomic ? " atomic" : "")}";
    }

    private static readonly Gen<Op> GenOp =
        Gen.Select(
            Gen.Frequency((5, Gen.Const(OpKind.Register)), (5, Gen.Const(OpKind.Unregister)), (1, Gen.Const(OpKind.GracePeriod))),
            Gen.Frequency((4, Gen.Const(0)), (1, Gen.Const(1))),
            Gen.Frequency((16, Gen.Int[0, 3]), (1, Gen.Const(4)), (1, Gen.Const(5)), (1, Gen.Const(6))),
            Gen.Int[0, 1],
            Gen.OneOf(Gen.Const(-5), Gen.Const(0), Gen.Const(TracepointLayout.DefaultPrio), Gen.Const(20)),
            Gen.Frequency((4, Gen.Const(Fault.None)), (1, Gen.Const(Fault.Next)), (1, Gen.Const(Fault.AddPath)), (2, Gen.Const(Fault.RemovePath))),
            Gen.Frequency((6, Gen.Const(false)), (1, Gen.Const(true))),
            (kind, tp, func, data, prio, fault, atomic) => new Op(kind, tp, func, data, prio, fault, atomic));

    private static readonly Gen<Op[]> GenOps = GenOp.Array[1, 40];

    public static TheoryData<string> StrategyNames() => [.. KernelStrategies.Names];

    [Theory]
    [MemberData(nameof(StrategyNames))]
    public void Model_matches_reference(string name)
    {
        Assert.True(KernelStrategies.TryGet(name, out var strategy));
        GenOps.Sample(ops => Run(strategy, ops), iter: 400, threads: 1, print: ops => string.Join("; ", ops));
    }

    private static void Run(RemovalStrategy strategy, Op[] ops)
    {
        using var h = new KernelHarness(strategy);
        Tracepoint[] tps = [h.Tp, h.Tp2];
        ReferenceModel[] refs = [.. tps.Select(tp => new ReferenceModel(strategy, h.Model.Placeholder(tp)))];
        long gracePeriods = 0;
        for (var step = 0; step < ops.Length; step++)
        {
            var op = ops[step];
            var tp = tps[op.Tp];
            var func = op.Func switch
            {
                4 => 0UL,
                5 => h.Model.Placeholder(tp) is var p and not 0 ? p : KernelHarness.StubFunc,
                _ => KernelHarness.Probe(op.Func),
            };
            var data = (ulong)op.Data * 0x1000;
            switch (op.Fault)
            {
                case Fault.Next:
                    h.Heap.Faults.FailNext(1);
                    break;
                case Fault.AddPath:
                    h.Heap.Faults.FailPath(TracepointModel.AddPath, 1);
                    break;
                case Fault.RemovePath:
                    h.Heap.Faults.FailPath(TracepointModel.RemovePath, 1);
                    break;
            }
            if (op.Atomic)
            {
                h.Rcu.ReadLock();
            }
            int got, want;
            switch (op.Kind)
            {
                case OpKind.Register:
                    got = h.Model.Register(tp, func, data, op.Prio);
                    want = refs[op.Tp].Register(func, data, op.Prio, op.Fault is Fault.Next or Fault.AddPath);
                    break;
                case OpKind.Unregister:
                    got = h.Model.Unregister(tp, func, data);
                    want = refs[op.Tp].Unregister(func, data, op.Fault is Fault.Next or Fault.RemovePath, op.Atomic, ref gracePeriods);
                    break;
                default:
                    h.Rcu.GracePeriod();
                    gracePeriods++;
                    got = want = 0;
                    break;
            }
            if (op.Atomic)
            {
                h.Rcu.ReadUnlock();
            }
            h.Heap.Faults.Clear();
            var at = $"step {step} ({op})";
            Assert.True(want == got, $"{at}: returned {got}, reference {want}");
            Assert.True(gracePeriods == h.Rcu.CompletedGracePeriods, $"{at}: {h.Rcu.CompletedGracePeriods} grace periods, reference {gracePeriods}");
            CheckState(h, tps, refs, at);
            if (op.Kind == OpKind.GracePeriod)
            {
                CheckNothingRetired(h, refs, at);
            }
        }
        h.Rcu.GracePeriod();
        CheckState(h, tps, refs, "end");
        CheckNothingRetired(h, refs, "end");
    }

    private static void CheckState(KernelHarness h, Tracepoint[] tps, ReferenceModel[] refs, string at)
    {
        for (var i = 0; i < tps.Length; i++)
        {
            var array = h.Model.ReadArray(tps[i]);
            Assert.True(
                refs[i].Array.SequenceEqual(array),
                $"{at}: {tps[i].Name} is [{string.Join(", ", array)}], reference [{string.Join(", ", refs[i].Array)}]");
            Assert.Equal(refs[i].Array.Count > 0, h.Model.Enabled(tps[i]));
            Assert.Equal(refs[i].Array.Count > 0, h.Model.ArrayPointer(tps[i]) != 0);
            if (refs[i].Array.Count > 0)
            {
                Assert.True(h.Heap.IsLive(h.Model.AllocationOf(tps[i])), $"{at}: the array reachable from {tps[i].Name}.funcs was freed");
            }
        }
        var published = refs.Count(r => r.Array.Count > 0);
        Assert.Equal(published + h.Model.RetiredArrays, h.Heap.LiveAllocations);
    }

    private static void CheckNothingRetired(KernelHarness h, ReferenceModel[] refs, string at)
    {
        Assert.True(h.Rcu.PendingCallbacks == 0, $"{at}: {h.Rcu.PendingCallbacks} callbacks still queued after a grace period");
        Assert.Equal(0, h.Model.RetiredArrays);
        Assert.True(
            refs.Count(r => r.Array.Count > 0) == h.Heap.LiveAllocations,
            $"{at}: {h.Heap.LiveAllocations} live allocations after a grace period (leak)");
    }
}

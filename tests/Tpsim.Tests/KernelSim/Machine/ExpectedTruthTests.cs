using Tpsim.Emulator.Checking;
using Tpsim.KernelSim.Kernel;
using Tpsim.KernelSim.Tracepoints;
using Xunit;

namespace Tpsim.Tests.KernelSim.Machine;

/// <summary>
/// The expected truths, asserted directly on the emulated kernel of every ISA (not through a
/// scenario's own expectations): what each strategy does when the removal cannot allocate.
/// </summary>
public sealed class ExpectedTruthTests
{
    public static TheoryData<string> AllIsas() => [.. Isas.MatrixNames];

    public static TheoryData<string, string> PlaceholderStrategies()
    {
        var data = new TheoryData<string, string>();
        foreach (var isa in Isas.MatrixNames)
        {
            // sentinel's (void *)1 is only the fallback of a __GFP_NOFAIL allocation: no failure reaches it.
            foreach (var s in new[] { "stub", "typed-stub", "skip" })
            {
                data.Add(isa, s);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllIsas))]
    public void Stub_unregister_succeeds_in_place_and_the_next_fire_is_balanced_with_correct_arguments(string isa)
    {
        using var k = new KernelFixture(isa, "stub");
        k.Machine.Heap.Faults.FailNext(1);

        Assert.Equal(0, k.Machine.Model.Unregister(k.Tp, k.Handler[0], 0xa1));
        Assert.Equal([k.Machine.StubFunc, k.Watch], k.Funcs);

        var fire = k.Fire(4, 5, 6);
        // Balanced includes the per-call argument check: watch recorded data 0xb2 and 4, 5, 6.
        Assert.Equal(Verdict.Balanced, fire.Run.Verdict);
        Assert.Empty(fire.Run.Violations);
        Assert.Equal(["stub", "bystander.watch"], fire.Calls);

        k.Machine.UnloadModule("victim");
        var after = k.Fire(7, 8, 9);
        Assert.Equal(Verdict.Balanced, after.Run.Verdict);
        Assert.Equal(["stub", "bystander.watch"], after.Calls);
    }

    [Theory]
    [MemberData(nameof(AllIsas))]
    public void Fail_returns_enomem_keeps_the_probe_and_firing_after_unload_faults_in_the_module_text(string isa)
    {
        using var k = new KernelFixture(isa, "fail");
        k.Machine.Heap.Faults.FailNext(1);

        Assert.Equal(-Errno.ENOMEM, k.Machine.Model.Unregister(k.Tp, k.Handler[0], 0xa1));
        Assert.Equal([k.Handler[0], k.Watch], k.Funcs);
        Assert.Equal(Verdict.Balanced, k.Fire(1, 2, 3).Run.Verdict);

        k.Machine.UnloadModule("victim");
        var fire = k.Fire(4, 5, 6);
        Assert.Equal(Verdict.Fault, fire.Run.Verdict);
        // ppc64 ELFv1: the func value is a descriptor in the module's .opd, and the iterator faults reading one
        // of its three doublewords (which first is the compiler's choice).
        Assert.Equal(isa == "ppc64" ? "read" : "fetch", fire.Run.Fault!.Access.ToName());
        Assert.InRange(fire.Run.Fault.Address, k.Handler[0], k.Handler[0] + (isa == "ppc64" ? 23UL : 0));
        Assert.Contains(fire.Run.Notes, n => n.Contains("victim.handler", StringComparison.Ordinal) && n.Contains("unloaded", StringComparison.Ordinal));
    }

    public static TheoryData<string, string> MarkerStrategies()
    {
        var data = new TheoryData<string, string>();
        foreach (var isa in Isas.MatrixNames)
        {
            data.Add(isa, "sentinel");
            data.Add(isa, "skip-fixed");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(MarkerStrategies))]
    public void Sentinel_and_skip_fixed_make_no_call_for_the_removed_entry(string isa, string strategy)
    {
        using var k = new KernelFixture(isa, strategy);
        if (strategy == "sentinel")
        {
            // v2's removal allocates with __GFP_NOFAIL, so the fallback never runs: write its (void *)1 as it would.
            k.Tp.Abi.WriteWord(k.Machine.Memory, k.Machine.Model.ArrayPointer(k.Tp), TracepointLayout.SkipMarker);
        }
        else
        {
            k.Machine.Heap.Faults.FailNext(1);
            Assert.Equal(0, k.Machine.Model.Unregister(k.Tp, k.Handler[0], 0xa1));
        }
        Assert.Equal([TracepointLayout.SkipMarker, k.Watch], k.Funcs);
        var fire = k.Fire(4, 5, 6);
        Assert.Equal(Verdict.Balanced, fire.Run.Verdict);
        Assert.Equal(["bystander.watch"], fire.Calls);
    }

    /// <summary>
    /// skip as posted (v3): the iterator's continue skips its own it_func_ptr++, so the fire re-reads the skip entry
    /// until the budget ends it, a timeout at a pc inside the iterator. skip-fixed passes over it (the test above).
    /// </summary>
    [Theory]
    [MemberData(nameof(AllIsas))]
    public void Skip_as_posted_never_ends_a_fire_over_a_skip_entry(string isa)
    {
        using var k = new KernelFixture(isa, "skip");
        k.Machine.Heap.Faults.FailNext(1);

        Assert.Equal(0, k.Machine.Model.Unregister(k.Tp, k.Handler[0], 0xa1));
        Assert.Equal([TracepointLayout.SkipMarker, k.Watch], k.Funcs);
        var fire = k.Fire(4, 5, 6);
        Assert.Equal(Verdict.Timeout, fire.Run.Verdict);
        Assert.Empty(fire.Calls);
    }

    /// <summary>The control for the test above: with the stub in place the removed entry IS called.</summary>
    [Theory]
    [MemberData(nameof(AllIsas))]
    public void Stub_makes_a_call_for_the_removed_entry(string isa)
    {
        using var k = new KernelFixture(isa, "stub");
        k.Machine.Heap.Faults.FailNext(1);
        k.Machine.Model.Unregister(k.Tp, k.Handler[0], 0xa1);
        Assert.Equal(2, k.Fire(4, 5, 6).Calls.Count);
    }

    /// <summary>The control for sentinel/skip: the kernel's own iterator calls (void *)1 and faults on the fetch.</summary>
    [Theory]
    [MemberData(nameof(AllIsas))]
    public void A_marker_reached_by_the_unmodified_iterator_faults(string isa)
    {
        using var k = new KernelFixture(isa, "stub");
        k.Machine.Heap.Faults.FailNext(1);
        k.Machine.Model.Unregister(k.Tp, k.Handler[0], 0xa1);
        // Write the v2 sentinel over the stub: the mainline iterator does not know to skip it.
        k.Tp.Abi.WriteWord(k.Machine.Memory, k.Machine.Model.ArrayPointer(k.Tp), TracepointLayout.SkipMarker);
        var fire = k.Fire(1, 2, 3);
        Assert.Equal(Verdict.Fault, fire.Run.Verdict);
        // ppc64 ELFv1 loads the entry from the "descriptor" at 1 first: a read fault there.
        Assert.Equal(isa == "ppc64" ? "read" : "fetch", fire.Run.Fault!.Access.ToName());
        // riscv64's jalr clears bit 0 of the target, and arm's blx takes it as "Thumb state at 0": both fetch from 0.
        if (isa == "ppc64")
        {
            Assert.InRange(fire.Run.Fault.Address, TracepointLayout.SkipMarker, TracepointLayout.SkipMarker + 23);
            return;
        }
        Assert.Equal(isa is "riscv64" or "arm" ? 0UL : TracepointLayout.SkipMarker, fire.Run.Fault.Address);
    }

    [Theory]
    [MemberData(nameof(PlaceholderStrategies))]
    public void A_later_successful_add_prunes_every_placeholder(string isa, string strategy)
    {
        using var k = new KernelFixture(isa, strategy);
        Assert.Equal(0, k.Machine.Model.Register(k.Tp, k.Late, 0xc3));
        k.Machine.Heap.Faults.FailNext(1);
        k.Machine.Model.Unregister(k.Tp, k.Handler[0], 0xa1);
        k.Machine.Heap.Faults.FailNext(1);
        k.Machine.Model.Unregister(k.Tp, k.Late, 0xc3);
        var placeholder = k.Machine.Model.Placeholder(k.Tp);
        Assert.Equal(2, k.Funcs.Count(f => f == placeholder));

        Assert.Equal(0, k.Machine.Model.Register(k.Tp, k.Handler[0], 0xa1));
        Assert.Equal([k.Watch, k.Handler[0]], k.Funcs);
        Assert.Equal(Verdict.Balanced, k.Fire(1, 2, 3).Run.Verdict);
    }

    [Theory]
    [MemberData(nameof(PlaceholderStrategies))]
    public void A_later_successful_remove_prunes_every_placeholder(string isa, string strategy)
    {
        using var k = new KernelFixture(isa, strategy);
        Assert.Equal(0, k.Machine.Model.Register(k.Tp, k.Late, 0xc3));
        k.Machine.Heap.Faults.FailNext(1);
        k.Machine.Model.Unregister(k.Tp, k.Handler[0], 0xa1);
        Assert.Contains(k.Machine.Model.Placeholder(k.Tp), k.Funcs);

        Assert.Equal(0, k.Machine.Model.Unregister(k.Tp, k.Late, 0xc3));
        Assert.Equal([k.Watch], k.Funcs);
        var fire = k.Fire(1, 2, 3);
        Assert.Equal(Verdict.Balanced, fire.Run.Verdict);
        Assert.Equal(["bystander.watch"], fire.Calls);
    }
}

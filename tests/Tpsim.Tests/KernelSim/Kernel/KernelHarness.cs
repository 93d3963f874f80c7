using Tpsim.Emulator.Unicorn;
using Tpsim.KernelSim.Kernel;
using Tpsim.KernelSim.Memory;
using Tpsim.KernelSim.Rcu;
using Tpsim.KernelSim.Strategies;
using Tpsim.KernelSim.Tracepoints;

namespace Tpsim.Tests.KernelSim.Kernel;

/// <summary>
/// A real x86_64 Unicorn engine as guest memory, a page holding two <c>struct tracepoint</c> objects, a heap
/// region and the model under test. Nothing is executed; the engine is only the address space.
/// </summary>
internal sealed class KernelHarness : IDisposable
{
    public const ulong TracepointPage = 0x10_000;
    public const ulong StubFunc = 0x20_000;
    public const ulong HeapBase = 0x100_000;
    public const ulong HeapSize = 0x4000_0000;

    public KernelHarness(RemovalStrategy strategy)
    {
        Engine = new Engine(UcArch.X86, UcMode.Mode64);
        Engine.Map(TracepointPage, 0x1000, UcProt.Read | UcProt.Write);
        Dmesg = new Dmesg();
        Rcu = new RcuState(Dmesg);
        Heap = new KernelHeap(Engine, HeapBase, HeapSize, Dmesg);
        Model = new TracepointModel(Engine, Heap, Rcu, Dmesg, strategy, StubFunc);
        Tp = new Tracepoint("tpsim", 3, TracepointPage, 0x30_000);
        Tp2 = new Tracepoint("other", 1, TracepointPage + TracepointLayout.Size, 0x31_000);
    }

    public Engine Engine { get; }

    public Dmesg Dmesg { get; }

    public RcuState Rcu { get; }

    public KernelHeap Heap { get; }

    public TracepointModel Model { get; }

    public Tracepoint Tp { get; }

    public Tracepoint Tp2 { get; }

    public RemovalStrategy Strategy => Model.Strategy;

    public static ulong Probe(int n) => 0x4000_0000_0000UL + (ulong)n * 0x100;

    public IReadOnlyList<ulong> Funcs(Tracepoint? tp = null) => Model.ReadArray(tp ?? Tp).Select(e => e.Func).ToList();

    public bool CanRead(ulong address) => Engine.TryRead(address, new byte[8]);

    public void Dispose() => Engine.Dispose();
}

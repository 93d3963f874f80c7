using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Machine;
using Tpsim.KernelSim.Tracepoints;

namespace Tpsim.Tests.KernelSim.Machine;

/// <summary>
/// The seed's setting built by hand on a <see cref="KernelMachine"/>: tracepoint <c>tp</c> (3 args),
/// recording modules <c>victim</c> (probe handler) and <c>bystander</c> (watch, late), both registered.
/// </summary>
internal sealed class KernelFixture : IDisposable
{
    private static readonly Compiler Compiler = new();

    public KernelFixture(string isa, string strategy)
    {
        Machine = new KernelMachine(Isas.Create(isa), Compiler, Isas.Strategy(strategy), [("tp", 3)]);
        Handler = LoadRecording("victim", 1, "handler");
        var bystander = LoadRecording("bystander", 2, "watch", "late");
        Watch = bystander[0];
        Late = bystander[1];
        Tp = Machine.Tracepoint("tp");
        Check(Machine.Model.Register(Tp, Handler[0], 0xa1));
        Check(Machine.Model.Register(Tp, Watch, 0xb2));
    }

    public KernelMachine Machine { get; }

    public Tracepoint Tp { get; }

    public ulong[] Handler { get; }

    public ulong Watch { get; }

    public ulong Late { get; }

    public IReadOnlyList<ulong> Funcs => [.. Machine.Model.ReadArray(Tp).Select(e => e.Func)];

    public FireOutcome Fire(params ulong[] args) => Machine.Fire("tp", args);

    private ulong[] LoadRecording(string module, long firstId, params string[] probes)
    {
        var source = RecordingModuleSource.Build(module, [.. probes.Select((p, i) => (p, firstId + i, 3))]);
        var (loaded, _) = Machine.LoadModule(module, source, $"{module}.c");
        var addresses = probes.Select(p => loaded.TryGetSymbol(p, out var a) ? a : throw new InvalidOperationException(p)).ToArray();
        for (var i = 0; i < addresses.Length; i++)
        {
            Machine.MarkRecordingProbe(addresses[i], firstId + i);
        }
        return addresses;
    }

    private static void Check(int ret)
    {
        if (ret != 0)
        {
            throw new InvalidOperationException($"setup register returned {ret}");
        }
    }

    public void Dispose() => Machine.Dispose();
}

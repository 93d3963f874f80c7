using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Cases;

namespace Tpsim.Tests.Harness.Cases;

/// <summary>One engine-backed runner per ISA test class; xunit runs a class's tests one at a time, which the runner needs.</summary>
public sealed class RunnerFixture<TBackend> : IDisposable where TBackend : IsaBackend, new()
{
    public RunnerFixture()
    {
        Isa = new TBackend();
        Cases = StubMatrix.Build(Isa).ToDictionary(c => c.Name);
        Runner = new CaseRunner(Isa, new Compiler());
    }

    public IsaBackend Isa { get; }

    public IReadOnlyDictionary<string, StubCase> Cases { get; }

    public CaseRunner Runner { get; }

    public void Dispose() => Runner.Dispose();
}

using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.KernelSim.Proof;

/// <summary>Runs stub cases for one ISA on one reused engine. Not thread-safe: one per thread.</summary>
public sealed class CaseRunner : IDisposable
{
    public CaseRunner(IsaBackend isa, Compiler compiler)
    {
        Isa = isa;
        Compiler = compiler;
    }

    public IsaBackend Isa { get; }

    public Compiler Compiler { get; }

    public CaseResult Run(StubCase stubCase) => throw new NotImplementedException("in progress");

    public void Dispose()
    {
    }
}

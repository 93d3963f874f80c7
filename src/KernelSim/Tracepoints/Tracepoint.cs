namespace Tpsim.KernelSim.Tracepoints;

/// <summary>
/// A tracepoint known to the model: its name, the number of arguments of its prototype (after <c>data</c>), the
/// guest address of its <c>struct tracepoint</c> (see <see cref="TracepointLayout"/>) and the guest address of
/// its correctly typed stub <c>__tracestub_&lt;name&gt;</c>, which the typed-stub strategy writes in place
/// (0 when there is none). The model keeps its per-tracepoint bookkeeping by <see cref="Address"/>.
/// </summary>
public sealed class Tracepoint(string name, int argCount, ulong address, ulong stub, TracepointAbi? abi = null)
{
    /// <summary>Word size and byte order of the struct in guest memory.</summary>
    public TracepointAbi Abi { get; } = abi ?? TracepointAbi.Lp64;

    public string Name { get; } = name ?? throw new ArgumentNullException(nameof(name));

    public int ArgCount { get; } = argCount >= 0 ? argCount : throw new ArgumentOutOfRangeException(nameof(argCount));

    public ulong Address { get; } = address != 0 ? address : throw new ArgumentOutOfRangeException(nameof(address), "struct tracepoint cannot be at address 0");

    public ulong Stub { get; } = stub;

    public ulong KeyAddress => Address + (ulong)Abi.KeyOffset;

    public ulong FuncsAddress => Address + (ulong)Abi.FuncsOffset;

    public override string ToString() => $"{Name}@0x{Address:x}";
}

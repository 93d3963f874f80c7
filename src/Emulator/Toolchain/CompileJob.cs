namespace Tpsim.Emulator.Toolchain;

/// <summary>
/// One compile that spawned a compiler, kept so the benchmark can time the compiler processes alone: <see cref="Run"/>
/// spawns the same command again, bypassing the cache. <see cref="Group"/> is the target (the ISA's triple or
/// the GCC driver), so replays can run with the same parallelism as the run that recorded them.
/// </summary>
public sealed class CompileJob(string group, Action run)
{
    public string Group { get; } = group;

    public void Run() => run();
}

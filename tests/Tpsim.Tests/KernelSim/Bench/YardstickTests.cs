using Tpsim.Arch;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;
using Tpsim.KernelSim.Machine;
using Xunit;

namespace Tpsim.Tests.KernelSim.Bench;

/// <summary>
/// The bench's C loop checks in every run that the fire recorded its probe calls (the log's length), so a timed round
/// can never time a cheaper fire. It passes on the real fire and stops at the first run when it expects another count.
/// </summary>
public sealed class YardstickTests
{
    [Theory]
    [InlineData(3, null)]
    [InlineData(2, 0)]
    [InlineData(4, 0)]
    public void Each_run_of_the_c_loop_must_record_the_expected_calls(int expected, int? wrongRun)
    {
        var isa = IsaRegistry.Create("x86_64");
        using var machine = new KernelMachine(isa, new Compiler(), KernelStrategies.Stub, [("bench", 3)]);
        var (module, _) = machine.LoadModule("m", RecordingModuleSource.Build("m", [("p1", 1, 3), ("p2", 2, 3), ("p3", 3, 3)]), "m.c");
        foreach (var (probe, id) in new[] { ("p1", 1L), ("p2", 2L), ("p3", 3L) })
        {
            Assert.True(module.TryGetSymbol(probe, out var address));
            machine.MarkRecordingProbe(address, id);
            Assert.Equal(0, machine.Model.Register(machine.Tracepoint("bench"), address, 0));
        }
        var raw = machine.DetachForRawFire("bench", [1, 2, 3]);
        using var context = raw.Context;
        using var loop = NativeRunLoop.Build();
        var bytes = new byte[raw.ResetSize];
        MemoryWords.PutWord(bytes, raw.ResetSize, (ulong)expected, isa.Abi.ByteOrder);

        var result = loop.Run(raw.Engine, context, raw.Begin, raw.Until, KernelMachine.CallBudget, 50, raw.ResetAddress, raw.ResetSize, bytes);

        Assert.Equal(UcError.Ok, result.Error);
        Assert.Equal(wrongRun, result.WrongRun);
        Assert.Equal(wrongRun is null, result.Ok);
    }
}

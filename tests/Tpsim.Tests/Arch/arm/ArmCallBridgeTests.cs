using Tpsim.Arch.Arm;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Arch.Arm;

/// <summary>
/// The 32-bit Arm call bridge under kernel-built code: six arguments, so r0-r3 and two 4-byte stack slots,
/// a result the caller uses, the caller (not the slot's <c>bx lr</c>) popping the stack arguments, and the
/// same from Thumb-2 code, whose <c>bl</c> to the ARM slot the relocator turns into <c>blx</c>.
/// </summary>
public sealed class ArmCallBridgeTests
{
    private const string Source = """
        long ext6(long, long, long, long, long, long);
        long call6(void) { return ext6(11, 12, 13, 14, 15, 16) + 1; }
        """;

    [Theory]
    [InlineData(false, "R_ARM_CALL")]
    [InlineData(true, "R_ARM_THM_CALL")]
    public void Bridge_reads_r0_to_r3_and_4_byte_stack_slots_and_returns_a_result(bool thumb, string callRelocation)
    {
        var isa = new ArmBackend();
        Assert.Equal(4, isa.Abi.PointerSize);
        Assert.Equal(["r0", "r1", "r2", "r3"], isa.Abi.IntegerArguments);
        using var engine = isa.CreateEngine();
        var code = isa.KernelBase;
        var bridge = code + 0x10_0000;
        var halt = bridge + 0x1000;
        var stack = bridge + 0x10_000;
        engine.Map(bridge, 0x2000, UcProt.Read | UcProt.Exec);
        engine.Map(stack, 0x10_000, UcProt.Read | UcProt.Write);
        engine.Write(bridge, isa.Bridge.ReturnInstruction);
        engine.Write(halt, isa.HaltInstruction);
        // A pattern under every slot: reading 8 bytes where 4 belong would pick it up in the high half.
        engine.Write(stack, Enumerable.Repeat((byte)0xa5, 0x10_000).ToArray());

        var symbols = new SymbolTable();
        symbols.Define("ext6", bridge, "test");
        var elf = new Compiler().Compile(isa.Toolchain, SourceLanguage.C, Source, "bridge.c", thumb ? new[] { "-mthumb" } : null);
        Assert.True(ReadElf.HasType(ReadElf.Relocations(elf), callRelocation), ReadElf.Relocations(elf));
        var obj = new ObjectLoader(engine, symbols).Load(elf, "bridge.o", code, isa.Relocator);
        var entry = obj.Symbol("call6");
        Assert.Equal(thumb, ArmBackend.IsThumb(entry));

        var seen = new List<ulong>();
        ulong spInBridge = 0, lrInBridge = 0;
        var thumbInBridge = true;
        engine.AddCodeHook(bridge, bridge, (e, _, _) =>
        {
            spInBridge = e.ReadRegister(isa.Registers["sp"]);
            lrInBridge = e.ReadRegister(isa.Registers["lr"]);
            thumbInBridge = ArmBackend.InThumbState(e);
            for (var i = 0; i < 6; i++)
            {
                seen.Add(isa.Bridge.ReadArgument(e, i));
            }
            isa.Bridge.WriteResult(e, 1000);
        });
        var top = stack + 0x10_000 - 0x100;
        var entrySp = CallPlacement.Place(engine, isa, top, halt, []);
        var err = engine.Run(entry, halt, 10_000);

        Assert.Equal(UcError.Ok, err);
        Assert.Equal(halt, engine.ReadRegister(isa.Registers[isa.Abi.ProgramCounter]));
        Assert.Equal([11UL, 12, 13, 14, 15, 16], seen);
        Assert.Equal(1001UL, engine.ReadRegister(isa.Registers[isa.Abi.ReturnValue]));
        // The slot runs in ARM state; lr holds the return into call6 with call6's state in bit 0.
        Assert.False(thumbInBridge);
        Assert.Equal(thumb, ArmBackend.IsThumb(lrInBridge));
        Assert.True(obj.IsExecutable(ArmBackend.ExecutionAddress(lrInBridge)));
        // Two stack arguments in 4-byte slots at [sp], sp 8-byte aligned at the call.
        Assert.Equal(0UL, spInBridge % 8);
        Assert.True(spInBridge < entrySp);
        // call6 popped its own frame and its outgoing arguments (caller pops); the slot popped nothing.
        Assert.Equal(entrySp, engine.ReadRegister(isa.Registers["sp"]));
    }
}

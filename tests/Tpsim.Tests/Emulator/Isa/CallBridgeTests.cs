using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Emulator.Isa;

/// <summary>
/// Each ISA's call bridge, under compiled code: ten arguments (so some arrive on the stack), a result
/// the caller uses, and the slot's real return instruction taking the CPU back to the caller.
/// </summary>
public sealed class CallBridgeTests
{
    private const string Source = """
        long ext10(long, long, long, long, long, long, long, long, long, long);
        long call10(void) { return ext10(11, 12, 13, 14, 15, 16, 17, 18, 19, 20) + 1; }
        """;

    [Theory]
    [InlineData("x86_64")]
    [InlineData("arm64")]
    [InlineData("riscv64")]
    public void Bridge_reads_register_and_stack_arguments_and_returns_a_result(string name)
    {
        var isa = Isas.Create(name);
        using var engine = isa.CreateEngine();
        var code = isa.KernelBase;
        var bridge = code + 0x10_0000;
        var halt = bridge + 0x1000;
        var stack = bridge + 0x10_000;
        engine.Map(bridge, 0x2000, UcProt.Read | UcProt.Exec);
        engine.Map(stack, 0x10_000, UcProt.Read | UcProt.Write);
        engine.Write(bridge, isa.Bridge.ReturnInstruction);
        engine.Write(halt, isa.HaltInstruction);

        var symbols = new SymbolTable();
        symbols.Define("ext10", bridge, "test");
        var elf = new Compiler().Compile(isa.Toolchain, SourceLanguage.C, Source, "bridge.c");
        var obj = new ObjectLoader(engine, symbols).Load(elf, "bridge.o", code, isa.Relocator);

        var seen = new List<ulong>();
        engine.AddCodeHook(bridge, bridge, (e, _, _) =>
        {
            for (var i = 0; i < 10; i++)
            {
                seen.Add(isa.Bridge.ReadArgument(e, i));
            }
            isa.Bridge.WriteResult(e, 1000);
        });
        CallPlacement.Place(engine, isa, stack + 0x10_000 - 0x100, halt, []);
        var err = engine.Run(obj.Symbol("call10"), halt, 10_000);

        Assert.Equal(UcError.Ok, err);
        Assert.Equal(halt, engine.ReadRegister(isa.Registers[isa.Abi.ProgramCounter]));
        Assert.Equal([11UL, 12, 13, 14, 15, 16, 17, 18, 19, 20], seen);
        Assert.Equal(1001UL, engine.ReadRegister(isa.Registers[isa.Abi.ReturnValue]));
    }
}

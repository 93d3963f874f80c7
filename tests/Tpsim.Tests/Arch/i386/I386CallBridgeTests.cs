using System.Buffers.Binary;
using Tpsim.Arch.I386;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Arch.I386;

/// <summary>
/// The i386 call bridge under code compiled with the kernel's -mregparm=3: five arguments, so eax, edx,
/// ecx and two 4-byte stack slots, a result the caller uses, and the caller (not the slot's <c>ret</c>)
/// popping the stack arguments.
/// </summary>
public sealed class I386CallBridgeTests
{
    private const string Source = """
        long ext5(long, long, long, long, long);
        long call5(void) { return ext5(11, 12, 13, 14, 15) + 1; }
        """;

    [Fact]
    public void Bridge_reads_regparm_registers_and_4_byte_stack_slots_and_returns_a_result()
    {
        var isa = new I386Backend();
        Assert.Equal(4, isa.Abi.PointerSize);
        Assert.Equal(["eax", "edx", "ecx"], isa.Abi.IntegerArguments);
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
        symbols.Define("ext5", bridge, "test");
        var elf = new Compiler().Compile(isa.Toolchain, SourceLanguage.C, Source, "bridge.c");
        Assert.True(ReadElf.HasType(ReadElf.Relocations(elf), "R_386_PC32"), ReadElf.Relocations(elf));
        var obj = new ObjectLoader(engine, symbols).Load(elf, "bridge.o", code, isa.Relocator);

        var seen = new List<ulong>();
        ulong spInBridge = 0;
        engine.AddCodeHook(bridge, bridge, (e, _, _) =>
        {
            spInBridge = e.ReadRegister(isa.Registers["esp"]);
            for (var i = 0; i < 5; i++)
            {
                seen.Add(isa.Bridge.ReadArgument(e, i));
            }
            isa.Bridge.WriteResult(e, 1000);
        });
        // call5's caller: a 4-byte return address at [esp].
        var top = stack + 0x10_000 - 0x100;
        var entrySp = top - 4;
        var ra = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(ra, (uint)halt);
        engine.Write(entrySp, ra);
        engine.WriteRegister(isa.Registers["esp"], entrySp);
        var err = engine.Run(obj.Symbol("call5"), halt, 10_000);

        Assert.Equal(UcError.Ok, err);
        Assert.Equal(halt, engine.ReadRegister(isa.Registers[isa.Abi.ProgramCounter]));
        Assert.Equal([11UL, 12, 13, 14, 15], seen);
        Assert.Equal(1001UL, engine.ReadRegister(isa.Registers[isa.Abi.ReturnValue]));
        // In the slot: call5's return address, then two 4-byte argument slots pushed by call5.
        Assert.Equal(entrySp - 4 - 2 * 4, spInBridge);
        // call5 popped its two stack arguments (caller pops) and its own ret popped 4 bytes.
        Assert.Equal(top, engine.ReadRegister(isa.Registers["esp"]));
    }
}

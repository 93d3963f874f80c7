using Tpsim.Arch.Mips64;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Arch.Mips64;

/// <summary>
/// The mips64 call bridge under code compiled with the kernel's flags (and -mlong-calls, so the call is a
/// jalr on a full address): ten arguments, so a0-a7 and two big-endian 8-byte stack slots at 0($sp) with
/// no home area; a result the caller uses; the slot's own <c>jr $ra</c> and delay slot taking the CPU back
/// to the instruction after the caller's delay slot; and s0-s7, gp, fp preserved by the compiled caller.
/// </summary>
public sealed class Mips64CallBridgeTests
{
    private const string Source = """
        long ext10(long, long, long, long, long, long, long, long, long, long);
        long call10(void) { return ext10(11, 12, 13, 14, 15, 16, 17, 18, 0x1920212223242526, 20) + 1; }
        """;

    public static TheoryData<string> Compilers => new() { "clang", "gcc" };

    [Theory]
    [MemberData(nameof(Compilers))]
    public void Bridge_reads_a0_to_a7_and_two_stack_slots_and_returns_a_result(string compiler)
    {
        var isa = new Mips64Backend();
        Assert.True(isa.Abi.BigEndian);
        Assert.Equal(["a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7"], isa.Abi.IntegerArguments);
        Assert.Equal(0, isa.Abi.IncomingArgumentOffset);
        using var engine = isa.CreateEngine();
        var code = isa.KernelBase;
        var bridge = code + 0x10_0000;
        var halt = bridge + 0x1000;
        var stack = bridge + 0x10_000;
        engine.Map(bridge, 0x2000, UcProt.Read | UcProt.Exec);
        engine.Map(stack, 0x10_000, UcProt.Read | UcProt.Write);
        engine.Write(bridge, isa.Bridge.ReturnInstruction);
        engine.Write(halt, isa.HaltInstruction);
        // A pattern under every slot: a stack argument read in the wrong byte order or at the wrong offset shows.
        engine.Write(stack, Enumerable.Repeat((byte)0xa5, 0x10_000).ToArray());

        var symbols = new SymbolTable();
        symbols.Define("ext10", bridge, "test");
        Assert.True(CompilerKinds.TryParse(compiler, out var kind));
        var elf = new Compiler().Compile(new BuildSpec(kind, BuildConfigs.Default), isa.Toolchain, SourceLanguage.C, Source, "bridge.c");
        var relocations = ReadElf.Relocations(elf);
        // -mlong-calls: the callee's address is built in a register (clang: %highest..%lo; gcc -msym32: %hi/%lo).
        Assert.True(Mips64LoadHarness.HasType(relocations, "R_MIPS_HI16"), relocations);
        Assert.False(Mips64LoadHarness.HasType(relocations, "R_MIPS_26"), relocations);
        var obj = new ObjectLoader(engine, symbols).Load(elf, "bridge.o", code, isa.Relocator);

        var seen = new List<ulong>();
        ulong spInBridge = 0, raInBridge = 0;
        engine.AddCodeHook(bridge, bridge, (e, _, _) =>
        {
            spInBridge = e.ReadRegister(isa.Registers["sp"]);
            raInBridge = e.ReadRegister(isa.Registers["ra"]);
            for (var i = 0; i < 10; i++)
            {
                seen.Add(isa.Bridge.ReadArgument(e, i));
            }
            isa.Bridge.WriteResult(e, 1000);
        });
        var saved = isa.Abi.CalleeSavedGeneral.ToArray();
        for (var i = 0; i < saved.Length; i++)
        {
            engine.WriteRegister(isa.Registers[saved[i]], 0xc5c5_0000_0000_beefUL | (ulong)(uint)(i + 1) << 24);
        }
        var entrySp = CallPlacement.Place(engine, isa, stack + 0x10_000 - 0x100, halt, []);
        var err = engine.Run(obj.Symbol("call10"), halt, 10_000);

        Assert.Equal(UcError.Ok, err);
        Assert.Equal(halt, engine.ReadRegister(isa.Registers[isa.Abi.ProgramCounter]));
        Assert.Equal([11UL, 12, 13, 14, 15, 16, 17, 18, 0x1920212223242526, 20], seen);
        Assert.Equal(1001UL, engine.ReadRegister(isa.Registers[isa.Abi.ReturnValue]));
        // The two stack arguments sit big-endian at 0($sp) and 8($sp) of the sp the bridge slot saw.
        Assert.Equal(0x1920212223242526UL, engine.ReadWord(spInBridge, 8, ByteOrder.BigEndian));
        Assert.Equal(20UL, engine.ReadWord(spInBridge + 8, 8, ByteOrder.BigEndian));
        Assert.Equal(0UL, spInBridge % 16);
        // ra pointed into call10, past the jalr and its delay slot: the instruction the bridge returned to.
        var callSite = raInBridge - 8;
        Assert.InRange(callSite, obj.Symbol("call10"), raInBridge);
        Assert.Equal(0x0000_f809u, engine.ReadWord(callSite, 4, ByteOrder.BigEndian) & 0xfc1f_ffffu); // jalr $ra-linked, any rs
        // call10 restored sp and every callee-saved register.
        Assert.Equal(entrySp, engine.ReadRegister(isa.Registers["sp"]));
        for (var i = 0; i < saved.Length; i++)
        {
            Assert.Equal(0xc5c5_0000_0000_beefUL | (ulong)(uint)(i + 1) << 24, engine.ReadRegister(isa.Registers[saved[i]]));
        }
    }
}

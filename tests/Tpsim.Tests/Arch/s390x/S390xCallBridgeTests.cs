using Tpsim.Arch.S390x;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Arch.S390x;

/// <summary>
/// The s390x call bridge under code compiled with the kernel's flags: seven arguments, so r2-r6 and two
/// big-endian 8-byte stack slots at 160(%r15), above the register save area the caller reserves; a
/// result the caller uses; the slot's own <c>br %r14</c> taking the CPU back; and r6, an argument
/// register that is callee-saved, preserved across the call by the compiled caller.
/// </summary>
public sealed class S390xCallBridgeTests
{
    private const string Source = """
        long ext7(long, long, long, long, long, long, long);
        long call7(void) { return ext7(11, 12, 13, 14, 15, 0x1617181920212223, 17) + 1; }
        """;

    public static TheoryData<string> Compilers => new() { "clang", "gcc" };

    [Theory]
    [MemberData(nameof(Compilers))]
    public void Bridge_reads_r2_to_r6_and_two_stack_slots_above_the_save_area_and_returns_a_result(string compiler)
    {
        var isa = new S390xBackend();
        Assert.True(isa.Abi.BigEndian);
        Assert.Equal(["r2", "r3", "r4", "r5", "r6"], isa.Abi.IntegerArguments);
        Assert.Equal(160, isa.Abi.IncomingArgumentOffset);
        using var engine = isa.CreateEngine();
        var code = isa.KernelBase;
        var bridge = code + 0x10_0000;
        var halt = bridge + 0x1000;
        var stack = bridge + 0x10_000;
        engine.Map(bridge, 0x2000, ExecutableMappings.Protection(engine, UcProt.Read | UcProt.Exec));
        engine.Map(stack, 0x10_000, UcProt.Read | UcProt.Write);
        engine.Write(bridge, isa.Bridge.ReturnInstruction);
        engine.Write(halt, isa.HaltInstruction);
        // A pattern under every slot: a stack argument read in the wrong byte order or at the wrong offset shows.
        engine.Write(stack, Enumerable.Repeat((byte)0xa5, 0x10_000).ToArray());
        var haltInterrupts = 0;
        engine.AddInterruptHook((e, _) =>
        {
            // Unicorn 2.0.1 may stop at the until address with a program interrupt; anything else is a failure.
            Assert.Equal(halt, e.ReadRegister(isa.Registers["pc"]));
            haltInterrupts++;
            e.Stop();
        });

        var symbols = new SymbolTable();
        symbols.Define("ext7", bridge, "test");
        Assert.True(CompilerKinds.TryParse(compiler, out var kind));
        var elf = new Compiler().Compile(new BuildSpec(kind, BuildConfigs.Default), isa.Toolchain, SourceLanguage.C, Source, "bridge.c");
        var relocations = ReadElf.Relocations(elf);
        Assert.True(ReadElf.HasType(relocations, "R_390_PLT32DBL"), relocations);
        var obj = new ObjectLoader(engine, symbols).Load(elf, "bridge.o", code, isa.Relocator);

        var seen = new List<ulong>();
        ulong spInBridge = 0;
        engine.AddCodeHook(bridge, bridge, (e, _, _) =>
        {
            spInBridge = e.ReadRegister(isa.Registers["r15"]);
            for (var i = 0; i < 7; i++)
            {
                seen.Add(isa.Bridge.ReadArgument(e, i));
            }
            // The callee may clobber r6's argument only if it restores it: the bridge body does neither.
            isa.Bridge.WriteResult(e, 1000);
        });
        engine.WriteRegister(isa.Registers["r6"], 0xc5c5_0000_0600_beef);
        var entrySp = CallPlacement.Place(engine, isa, stack + 0x10_000 - 0x100, halt, []);
        var err = engine.Run(obj.Symbol("call7"), halt, 10_000);

        Assert.Equal(UcError.Ok, err);
        Assert.InRange(haltInterrupts, 0, 1);
        Assert.Equal(halt, engine.ReadRegister(isa.Registers[isa.Abi.ProgramCounter]));
        Assert.Equal([11UL, 12, 13, 14, 15, 0x1617181920212223, 17], seen);
        Assert.Equal(1001UL, engine.ReadRegister(isa.Registers[isa.Abi.ReturnValue]));
        // The two stack arguments sit big-endian at 160(%r15) and 168(%r15) of the sp the bridge slot saw.
        Assert.Equal(0x1617181920212223UL, engine.ReadWord(spInBridge + 160, 8, ByteOrder.BigEndian));
        Assert.Equal(17UL, engine.ReadWord(spInBridge + 168, 8, ByteOrder.BigEndian));
        // With -mpacked-stack call7's frame is smaller than the 160 + 16 bytes it passes: the outgoing slots
        // reach up into the part of its own save area (in its caller's frame) that it does not use.
        Assert.True(spInBridge < entrySp);
        // call7 restored the stack pointer and r6 (callee-saved, although it carried the fifth argument).
        Assert.Equal(entrySp, engine.ReadRegister(isa.Registers["r15"]));
        Assert.Equal(0xc5c5_0000_0600_beefUL, engine.ReadRegister(isa.Registers["r6"]));
    }
}

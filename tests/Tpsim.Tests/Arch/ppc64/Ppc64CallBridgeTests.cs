using Tpsim.Arch.Ppc64;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Arch.Ppc64;

/// <summary>
/// The ppc64 call bridge under code compiled with the kernel's ELFv1 flags. A slot is <c>blr</c> followed by a
/// function descriptor {slot, TOC 0, environment 0}, and the bridged function's symbol is that descriptor. Ten
/// arguments: r3-r10 and two big-endian doublewords at 112(r1), in the caller's parameter save area. Called
/// two ways: directly (<c>bl ext10; nop</c>, which the loader resolves to the slot's code because the descriptor
/// says the function uses no TOC) and through a function pointer (the descriptor loaded, r2 set from it to 0,
/// <c>bctrl</c>, and the caller's TOC reloaded from 40(r1) afterwards).
/// </summary>
public sealed class Ppc64CallBridgeTests
{
    private const string Source = """
        long ext10(long, long, long, long, long, long, long, long, long, long);
        long call10(void) { return ext10(11, 12, 13, 14, 15, 16, 17, 18, 0x1920212223242526, 20) + 1; }
        long (*volatile ext10_ptr)(long, long, long, long, long, long, long, long, long, long) = ext10;
        long call10_through_pointer(void) { return ext10_ptr(11, 12, 13, 14, 15, 16, 17, 18, 0x1920212223242526, 20) + 2; }
        """;

    public static TheoryData<string, string> Calls()
    {
        var data = new TheoryData<string, string>();
        foreach (var compiler in new[] { "clang", "gcc" })
        {
            data.Add(compiler, "call10");
            data.Add(compiler, "call10_through_pointer");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public void Bridge_slot_is_reached_through_its_descriptor_reads_r3_to_r10_and_the_parameter_save_area_and_returns(string compiler, string caller)
    {
        var isa = new Ppc64Backend();
        var bridgeApi = isa.Bridge;
        Assert.Equal(["r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10"], isa.Abi.IntegerArguments);
        Assert.Equal(112, isa.Abi.IncomingArgumentOffset);
        using var engine = isa.CreateEngine();
        var code = isa.KernelBase;
        var slot = code + 0x10_0000;
        var halt = slot + 0x1000;
        var stack = slot + 0x10_000;
        engine.Map(slot, 0x2000, UcProt.Read | UcProt.Exec);
        engine.Map(stack, 0x10_000, UcProt.Read | UcProt.Write);
        engine.Write(slot, bridgeApi.SlotBytes(slot));
        engine.Write(halt, isa.HaltInstruction);
        engine.Write(stack, Enumerable.Repeat((byte)0xa5, 0x10_000).ToArray());
        var interrupts = 0;
        engine.AddInterruptHook((e, _) =>
        {
            interrupts++;
            e.Stop();
        });

        // The symbol is the descriptor after the blr; the descriptor's entry is the slot.
        var descriptor = slot + bridgeApi.SymbolBias;
        Assert.Equal(slot, engine.ReadWord(descriptor, 8, ByteOrder.BigEndian));
        Assert.Equal(0UL, engine.ReadWord(descriptor + 8, 8, ByteOrder.BigEndian));
        Assert.Equal(slot, isa.CodeAddress(engine, descriptor));
        var symbols = new SymbolTable();
        symbols.Define("ext10", descriptor, "test");
        Assert.True(CompilerKinds.TryParse(compiler, out var kind));
        var elf = new Compiler().Compile(new BuildSpec(kind, BuildConfigs.Default), isa.Toolchain, SourceLanguage.C, Source, "bridge.c");
        var relocations = ReadElf.Relocations(elf);
        Assert.True(ReadElf.HasType(relocations, "R_PPC64_REL24"), relocations);
        var obj = new ObjectLoader(engine, symbols).Load(elf, "bridge.o", code, isa.Relocator);
        // The pointer in .data holds the descriptor, as the tracepoint array would.
        Assert.Equal(descriptor, engine.ReadWord(obj.Symbol("ext10_ptr"), 8, ByteOrder.BigEndian));

        var seen = new List<ulong>();
        ulong spInBridge = 0, r2InBridge = ulong.MaxValue;
        engine.AddCodeHook(slot, slot, (e, _, _) =>
        {
            spInBridge = e.ReadRegister(isa.Registers["r1"]);
            r2InBridge = e.ReadRegister(isa.Registers["r2"]);
            for (var i = 0; i < 10; i++)
            {
                seen.Add(bridgeApi.ReadArgument(e, i));
            }
            bridgeApi.WriteResult(e, 1000);
        });
        var entrySp = CallPlacement.Place(engine, isa, stack + 0x10_000 - 0x100, halt, []);
        var function = obj.Symbol(caller);
        isa.PrepareIndirectCall(engine, function);
        var toc = engine.ReadRegister(isa.Registers["r2"]);
        var err = engine.Run(isa.EntryPoint(engine, function), halt, 10_000);

        Assert.Equal(UcError.Ok, err);
        Assert.Equal(0, interrupts);
        Assert.Equal(halt, engine.ReadRegister(isa.Registers[isa.Abi.ProgramCounter]));
        Assert.Equal([11UL, 12, 13, 14, 15, 16, 17, 18, 0x1920212223242526, 20], seen);
        Assert.Equal(caller == "call10" ? 1001UL : 1002UL, engine.ReadRegister(isa.Registers[isa.Abi.ReturnValue]));
        // The ninth and tenth parameters sit big-endian at 112(r1) and 120(r1) of the sp the slot saw.
        Assert.Equal(0x1920212223242526UL, engine.ReadWord(spInBridge + 112, 8, ByteOrder.BigEndian));
        Assert.Equal(20UL, engine.ReadWord(spInBridge + 120, 8, ByteOrder.BigEndian));
        // A direct call leaves r2 alone (the slot uses no TOC); a call through the descriptor loads its TOC, 0, and
        // the caller reloads its own from 40(r1) after the bctrl.
        Assert.Equal(caller == "call10" ? toc : 0UL, r2InBridge);
        Assert.Equal(toc, engine.ReadRegister(isa.Registers["r2"]));
        Assert.Equal(entrySp, engine.ReadRegister(isa.Registers["r1"]));
    }
}

using Tpsim.Arch.Mips64;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Arch.Mips64;

/// <summary>
/// What Unicorn 2.0.1's MIPS64 does, as tpsim relies on it, pinned on a real engine: a raw engine is a
/// MIPS32 CPU; the backend's engine runs MIPS64r2 with the FPU on; the engine's own workarounds start
/// every run where it was asked to and put the PC on the instruction that raised an exception; and the
/// offsets of f0-f31 and BadVAddr in the saved CPU state match the guest's own view.
/// </summary>
public sealed class Mips64EngineTests : IClassFixture<TempCache>
{
    private const ulong Code = 0x4000_0000;
    private const ulong Data = 0x4001_0000;
    private const ulong Halt = 0x4002_0000;
    private const int Pc = 1;
    private const int V0 = 4;
    private const int A0 = 6;
    private const int A1 = 7;
    private const int Ra = 33;

    private static readonly Mips64Backend Backend = new();

    private readonly TempCache _cache;

    public Mips64EngineTests(TempCache cache) => _cache = cache;

    /// <summary>Assembles <paramref name="body"/> with the backend's flags and loads it at <see cref="Code"/>.</summary>
    private LoadedObject Load(Engine engine, string body)
    {
        var text = $"\t.set noreorder\n\t.set hardfloat\n\t.text\n{body}\n";
        var elf = _cache.Compiler.Compile(Backend.Toolchain, SourceLanguage.Asm, text, "snippet.S");
        return new ObjectLoader(engine, new SymbolTable()).Load(elf, "snippet.o", Code, Backend.Relocator);
    }

    private static Engine Prepared()
    {
        var e = Backend.CreateEngine();
        e.Map(Data, 0x1000, UcProt.Read | UcProt.Write);
        e.Map(Halt, 0x1000, UcProt.Read | UcProt.Exec);
        e.Write(Halt, Backend.HaltInstruction);
        e.WriteRegister(Ra, Halt);
        return e;
    }

    [Fact]
    public void A_raw_engine_is_a_mips32_cpu_and_rejects_64_bit_instructions()
    {
        // daddiu $v0, $zero, 5; jr $ra; nop
        byte[] code = [0x64, 0x02, 0x00, 0x05, 0x03, 0xe0, 0x00, 0x08, 0, 0, 0, 0];
        using var raw = new Engine(UcArch.Mips, UcMode.Mode64 | UcMode.BigEndian);
        raw.Map(Code, 0x1000, UcProt.All);
        raw.Write(Code, code);
        var interrupts = new List<(uint Number, ulong Pc)>();
        raw.AddInterruptHook((e, n) =>
        {
            interrupts.Add((n, e.ReadRegister(Pc)));
            e.Stop();
        });
        raw.Run(Code, Code + 12, 100);
        // EXCP_RI (20) at the daddiu: Unicorn 2.0.1 picks mips_defs[0], the 4Kc, for a MIPS64 engine.
        Assert.Equal([(20u, Code)], interrupts);
    }

    [Fact]
    public void The_backend_engine_runs_mips64r2_code()
    {
        using var e = Prepared();
        var obj = Load(e, """
            f:
                dext    $v0, $a0, 8, 16
                dsll32  $v0, $v0, 4
                sd      $v0, 0($a1)
                ld      $v1, 0($a1)
                jr      $ra
                daddu   $v0, $v0, $v1
            """);
        e.WriteRegister(A0, 0x1122_3344_5566_7788);
        e.WriteRegister(A1, Data);
        Assert.Equal(UcError.Ok, e.Run(obj.Symbol("f"), Halt, 100));
        Assert.Equal(Halt, e.ReadRegister(Pc));
        Assert.Equal(2 * (0x6677UL << 36), e.ReadRegister(V0));
        Assert.Equal(0x6677UL << 36, e.ReadWord(Data, 8, ByteOrder.BigEndian));
    }

    [Fact]
    public void Every_run_starts_at_the_requested_address_without_any_hook_of_the_caller()
    {
        using var e = Prepared();
        var obj = Load(e, """
            first:
                jr      $ra
                li      $v0, 1
            second:
                jr      $ra
                li      $v0, 2
            """);
        var started = new List<ulong>();
        for (var i = 0; i < 3; i++)
        {
            var entry = obj.Symbol(i % 2 == 0 ? "first" : "second");
            e.WriteRegister(Ra, Halt);
            using var probe = e.AddCodeHook(entry, entry, (_, a, _) => started.Add(a));
            e.RemoveCache(Code, Code + 0x1000);
            Assert.Equal(UcError.Ok, e.Run(entry, Halt, 100));
            Assert.Equal(i % 2 == 0 ? 1UL : 2UL, e.ReadRegister(V0));
        }
        Assert.Equal([obj.Symbol("first"), obj.Symbol("second"), obj.Symbol("first")], started);
    }

    [Fact]
    public void An_interrupt_hook_sees_the_pc_of_the_instruction_that_raised_it()
    {
        using var e = Prepared();
        var obj = Load(e, """
            brk:
                nop
                nop
                break   7
            slot:
                jr      $ra
                break
            trap:
                teq     $zero, $zero
            reserved:
                .word   0xec000000
            """);
        var seen = new List<(uint Number, ulong Pc, string Text)>();
        e.AddInterruptHook((engine, n) =>
        {
            var pc = engine.ReadRegister(Pc);
            var bytes = new byte[4];
            engine.Read(pc, bytes);
            seen.Add((n, pc, Backend.DescribeTrap(bytes)));
            engine.Stop();
        });
        foreach (var name in new[] { "brk", "slot", "trap", "reserved" })
        {
            e.WriteRegister(Ra, Halt);
            e.Run(obj.Symbol(name), Halt, 100);
        }
        Assert.Equal(
        [
            (18u, obj.Symbol("brk") + 8, "break 0x7"),
            (18u, obj.Symbol("slot") + 4, "break"),
            (22u, obj.Symbol("trap"), "teq $zero, $zero"),
            (20u, obj.Symbol("reserved"), "insn 0xec000000"),
        ], seen);
    }

    [Fact]
    public void An_exception_no_hook_handles_ends_the_run_with_uc_err_exception()
    {
        using var e = Prepared();
        var obj = Load(e, "f:\n\tbreak\n\tjr $ra\n\tnop");
        Assert.Equal(UcError.Exception, e.Run(obj.Symbol("f"), Halt, 100));
        Assert.Equal(obj.Symbol("f"), e.ReadRegister(Pc));
    }

    [Fact]
    public void The_fpr_context_words_are_the_guests_f0_to_f31()
    {
        using var e = Prepared();
        var lines = new List<string> { "set:" };
        for (var n = 0; n < 32; n++)
        {
            lines.Add($"\tdli $12, 0x{0xf0f0_0000_0000_0000UL | (ulong)(uint)n << 8 | (uint)n:x}");
            lines.Add($"\tdmtc1 $12, $f{n}");
        }
        lines.AddRange(["\tjr $ra", "\tnop", "get:", "\tdmfc1 $v0, $f24", "\tjr $ra", "\tdmfc1 $v1, $f31"]);
        var obj = Load(e, string.Join('\n', lines));
        Assert.Equal(UcError.Ok, e.Run(obj.Symbol("set"), Halt, 1000));
        for (var n = 0; n < 32; n++)
        {
            Assert.Equal(0xf0f0_0000_0000_0000UL | (ulong)(uint)n << 8 | (uint)n, GuestRegisters.Read(e, Backend.Registers[$"f{n}"]));
        }
        GuestRegisters.Write(e, Backend.Registers["f24"], 0x0123_4567_89ab_cdef);
        GuestRegisters.Write(e, Backend.Registers["f31"], 0xfedc_ba98_7654_3210);
        e.WriteRegister(Ra, Halt);
        Assert.Equal(UcError.Ok, e.Run(obj.Symbol("get"), Halt, 100));
        Assert.Equal(0x0123_4567_89ab_cdefUL, e.ReadRegister(V0));
        Assert.Equal(0xfedc_ba98_7654_3210UL, e.ReadRegister(V0 + 1));
    }

    [Fact]
    public void Address_errors_are_faults_with_badvaddr_as_the_address()
    {
        using var e = Prepared();
        var obj = Load(e, """
            load:
                jr      $ra
                ld      $v0, 1($a1)
            store:
                sd      $v0, 3($a1)
                jr      $ra
                nop
            away:
                lui     $25, 0xc5c5
                dsll    $25, $25, 16
                jr      $25
                nop
            odd:
                li      $25, 1
                jr      $25
                nop
            """);
        var faults = new List<FaultInfo?>();
        e.AddInterruptHook((engine, n) =>
        {
            faults.Add(Backend.FaultFromException(engine, n, engine.ReadRegister(Pc)));
            engine.Stop();
        });
        var results = new List<string>();
        foreach (var name in new[] { "load", "store", "away" })
        {
            e.WriteRegister(A1, Data);
            e.WriteRegister(Ra, Halt);
            var err = e.Run(obj.Symbol(name), Halt, 100);
            results.Add($"{name}: {err} pc 0x{e.ReadRegister(Pc):x}");
        }
        // The load faults in the delay slot of jr $ra: the next runs must not start as that delay slot.
        Assert.True(faults.Count == 3, string.Join("; ", results));
        Assert.Equal(
        [
            new FaultInfo(FaultAccess.Read, Data + 1, obj.Symbol("load") + 4),
            new FaultInfo(FaultAccess.Write, Data + 3, obj.Symbol("store")),
            new FaultInfo(FaultAccess.Fetch, 0xffff_c5c5_0000_0000, 0xffff_c5c5_0000_0000),
        ], faults);

        // No MIPS16e on a MIPS64r2 kernel CPU: bit 0 of a jump target is no ISA-mode switch, the fetch is from 1 itself.
        e.WriteRegister(Ra, Halt);
        Assert.Equal(UcError.FetchUnmapped, e.Run(obj.Symbol("odd"), Halt, 100));
        Assert.Equal(1UL, e.ReadRegister(Pc));
    }
}

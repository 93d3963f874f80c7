using Tpsim.Arch.S390x;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Arch.S390x;

/// <summary>
/// What Unicorn 2.0.1's s390x does, as tpsim relies on it: each quirk the backend, the loader or the
/// runner works around is pinned here on a real engine, so a Unicorn that changes shows up as a failing
/// test rather than as a wrong verdict.
/// </summary>
public sealed class S390xEngineTests
{
    private const ulong Code = 0x4000_0000;
    private const ulong Data = 0x4001_0000;
    private const ulong Halt = 0x4002_0000;
    private const int R1 = 2;
    private const int R2 = 3;
    private const int R3 = 4;
    private const int R14 = 15;
    private const int Pc = 65;
    private const int Pswm = 66;
    private const int UcF8 = 25;

    private static readonly S390xBackend Backend = new();

    /// <summary>An engine as the backend opens it, code mapped read-write-execute, and an interrupt log.</summary>
    private static Engine Prepared(List<(uint Number, ulong Pc)> interrupts, params byte[] code)
    {
        var e = Backend.CreateEngine();
        e.Map(Code, 0x1000, UcProt.All);
        e.Map(Data, 0x1000, UcProt.Read | UcProt.Write);
        e.Map(Halt, 0x1000, UcProt.All);
        e.Write(Code, code);
        e.WriteRegister(R14, Halt);
        e.AddInterruptHook((engine, number) =>
        {
            interrupts.Add((number, engine.ReadRegister(Pc)));
            engine.Stop();
        });
        return e;
    }

    [Fact]
    public void A_fresh_engine_is_in_24_bit_mode_and_the_backend_switches_it_to_64_bit()
    {
        // lg %r2,0(%r1); br %r14
        byte[] code = [0xe3, 0x20, 0x10, 0x00, 0x00, 0x04, 0x07, 0xfe];
        using (var raw = new Engine(UcArch.S390x, UcMode.BigEndian))
        {
            raw.Map(Code, 0x1000, UcProt.All);
            raw.Map(Data, 0x1000, UcProt.Read);
            raw.Write(Code, code);
            raw.WriteRegister(R1, Data);
            Assert.Equal(0UL, raw.ReadRegister(Pswm));
            ulong? faultAt = null;
            raw.AddInvalidMemoryHook((_, _, address, _, _) =>
            {
                faultAt ??= address;
                return false;
            });
            Assert.Equal(UcError.ReadUnmapped, raw.Run(Code, Code + 6, 10));
            // 0x40010000 wrapped to its low 24 bits.
            Assert.Equal(Data & 0xff_ffff, faultAt);
        }

        var interrupts = new List<(uint, ulong)>();
        using var e = Prepared(interrupts, code);
        e.Write(Data, [1, 2, 3, 4, 5, 6, 7, 8]);
        e.WriteRegister(R1, Data);
        // The mask as read back also carries the condition code (bits 18-19) of the backend's snippet.
        Assert.Equal(S390xBackend.Psw64BitAddressing, e.ReadRegister(Pswm) & S390xBackend.Psw64BitAddressing);
        Assert.Equal(UcError.Ok, e.Run(Code, Code + 6, 10));
        // Big-endian: the first byte is the most significant.
        Assert.Equal(0x0102030405060708UL, e.ReadRegister(R2));
    }

    [Fact]
    public void Code_on_a_page_without_write_permission_never_runs()
    {
        // lghi %r2,0x1234; br %r14
        byte[] code = [0xa7, 0x29, 0x12, 0x34, 0x07, 0xfe];
        foreach (var (protection, runs) in new[] { (UcProt.Read | UcProt.Exec, false), (UcProt.All, true) })
        {
            using var e = Backend.CreateEngine();
            e.Map(Code, 0x1000, protection);
            e.Write(Code, code);
            var interrupts = new List<ulong>();
            e.AddInterruptHook((engine, _) =>
            {
                interrupts.Add(engine.ReadRegister(Pc));
                engine.Stop();
            });
            e.Run(Code, Code + 4, 10);
            Assert.Equal(runs ? 0x1234UL : 0UL, e.ReadRegister(R2));
            Assert.Equal(runs ? [] : [Code], interrupts);
        }
        // What the loader and the runner map executable pages with, because of it.
        using var s390x = Backend.CreateEngine();
        using var x86 = new Engine(UcArch.X86, UcMode.Mode64);
        Assert.Equal(UcProt.All, ExecutableMappings.Protection(s390x, UcProt.Read | UcProt.Exec));
        Assert.Equal(UcProt.Read, ExecutableMappings.Protection(s390x, UcProt.Read));
        Assert.Equal(UcProt.Read | UcProt.Exec, ExecutableMappings.Protection(x86, UcProt.Read | UcProt.Exec));
    }

    [Fact]
    public void Branching_to_the_until_address_raises_a_program_interrupt_there()
    {
        // lghi %r2,0x1234; br %r14 (r14 = the until address, which holds a valid j .)
        byte[] code = [0xa7, 0x29, 0x12, 0x34, 0x07, 0xfe];
        var interrupts = new List<(uint Number, ulong Pc)>();
        using var e = Prepared(interrupts, code);
        e.Write(Halt, [0xa7, 0xf4, 0x00, 0x00]);

        Assert.Equal(UcError.Ok, e.Run(Code, Halt, 100));

        Assert.Equal([(3u, Halt)], interrupts);
        Assert.Equal(Halt, e.ReadRegister(Pc));
        Assert.Equal(0x1234UL, e.ReadRegister(R2));

        // Without an interrupt hook the same return is an error.
        using var bare = Backend.CreateEngine();
        bare.Map(Code, 0x1000, UcProt.All);
        bare.Map(Halt, 0x1000, UcProt.All);
        bare.Write(Code, code);
        bare.WriteRegister(R14, Halt);
        Assert.Equal(UcError.Exception, bare.Run(Code, Halt, 100));
        Assert.Equal(Halt, bare.ReadRegister(Pc));
    }

    [Fact]
    public void An_invalid_opcode_is_interrupt_3_at_its_exact_address()
    {
        // lghi %r2,1; lghi %r2,2; .short 0; br %r14: the trap is mid-block.
        byte[] code = [0xa7, 0x29, 0x00, 0x01, 0xa7, 0x29, 0x00, 0x02, 0x00, 0x00, 0x07, 0xfe];
        var interrupts = new List<(uint Number, ulong Pc)>();
        using var e = Prepared(interrupts, code);

        Assert.Equal(UcError.Ok, e.Run(Code, Halt, 100));

        Assert.Equal([(3u, Code + 8)], interrupts);
        Assert.Equal(2UL, e.ReadRegister(R2));
        Assert.Equal("illegal 0x0000", Backend.DescribeTrap([0x00, 0x00, 0x07, 0xfe]));
        Assert.Equal("insn 0xa7f40000", Backend.DescribeTrap([0xa7, 0xf4, 0x00, 0x00]));
        Assert.Equal("insn 0x07fe", Backend.DescribeTrap([0x07, 0xfe, 0x00, 0x00]));
    }

    [Fact]
    public void Floating_point_registers_are_out_of_reach_of_the_register_api_but_not_of_the_saved_state()
    {
        // ldgr %f8,%r2 (guest writes f8); lgdr %r3,%f9 (guest reads f9); br %r14
        byte[] code = [0xb3, 0xc1, 0x00, 0x82, 0xb3, 0xcd, 0x00, 0x39, 0x07, 0xfe];
        var interrupts = new List<(uint Number, ulong Pc)>();
        using var e = Prepared(interrupts, code);
        var f8 = Backend.Registers["f8"];
        var f9 = Backend.Registers["f9"];
        Assert.True(GuestRegisters.IsContextWord(f8));

        e.WriteRegister(UcF8, 0x1111);
        Assert.Equal(0UL, e.ReadRegister(UcF8));
        GuestRegisters.Write(e, f9, 0xc5c5_0000_0900_beef);
        e.WriteRegister(R2, 0x0123_4567_89ab_cdef);
        Assert.Equal(UcError.Ok, e.Run(Code, Halt, 100));

        Assert.All(interrupts, i => Assert.Equal((3u, Halt), i));
        // The guest saw what GuestRegisters wrote, and GuestRegisters sees what the guest wrote.
        Assert.Equal(0xc5c5_0000_0900_beefUL, e.ReadRegister(R3));
        Assert.Equal(0x0123_4567_89ab_cdefUL, GuestRegisters.Read(e, f8));
        // The register API still knows nothing of it.
        Assert.Equal(0UL, e.ReadRegister(UcF8));
        var both = new ulong[3];
        GuestRegisters.ReadAll(e, [f8, f9, Backend.Registers["r3"]], both);
        Assert.Equal([0x0123_4567_89ab_cdefUL, 0xc5c5_0000_0900_beefUL, 0xc5c5_0000_0900_beefUL], both);
        // The general registers sit in front of them in the same state, which pins the header size.
        Assert.Equal(e.ReadRegister(R2), GuestRegisters.Read(e, GuestRegisters.ContextWord(2 * 8)));
    }

    [Fact]
    public void The_backend_turns_on_the_additional_floating_point_registers()
    {
        // lzdr %f8; br %r14
        byte[] code = [0xb3, 0x75, 0x00, 0x80, 0x07, 0xfe];
        var interrupts = new List<(uint Number, ulong Pc)>();
        using var e = Prepared(interrupts, code);
        GuestRegisters.Write(e, Backend.Registers["f8"], 0xffff);

        Assert.Equal(UcError.Ok, e.Run(Code, Halt, 100));

        Assert.All(interrupts, i => Assert.Equal((3u, Halt), i));
        Assert.Equal(0UL, GuestRegisters.Read(e, Backend.Registers["f8"]));
        // The scratch page that ran the control-register snippet is gone again.
        Assert.False(e.TryRead(Backend.KernelBase - Pages.Size, new byte[1]));

        // Without AFP, the same instruction is a data exception at its own address.
        using var raw = new Engine(UcArch.S390x, UcMode.BigEndian);
        raw.WriteRegister(Pswm, S390xBackend.Psw64BitAddressing);
        raw.Map(Code, 0x1000, UcProt.All);
        raw.Write(Code, code);
        var rawInterrupts = new List<ulong>();
        raw.AddInterruptHook((engine, _) =>
        {
            rawInterrupts.Add(engine.ReadRegister(Pc));
            engine.Stop();
        });
        raw.Run(Code, Code + 4, 10);
        Assert.Equal([Code], rawInterrupts);
    }

    [Fact]
    public void A_read_of_an_unmapped_low_address_is_a_memory_fault()
    {
        // lg %r2,16; br %r14
        byte[] code = [0xe3, 0x20, 0x00, 0x10, 0x00, 0x04, 0x07, 0xfe];
        var interrupts = new List<(uint Number, ulong Pc)>();
        using var e = Prepared(interrupts, code);
        ulong? faultAt = null;
        e.AddInvalidMemoryHook((_, type, address, _, _) =>
        {
            Assert.Equal(UcMemType.ReadUnmapped, type);
            faultAt ??= address;
            return false;
        });

        Assert.Equal(UcError.ReadUnmapped, e.Run(Code, Halt, 100));

        Assert.Equal(0x10UL, faultAt);
        Assert.Empty(interrupts);
    }
}

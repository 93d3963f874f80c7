using System.Buffers.Binary;
using Tpsim.Arch.Ppc64;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Arch.Ppc64;

/// <summary>
/// What Unicorn 2.0.1 does with UC_ARCH_PPC and UC_MODE_PPC64 | UC_MODE_BIG_ENDIAN, which unicorn.h still calls
/// "currently unsupported": it runs, once the CPU is in hypervisor state. Each quirk the ppc64 backend or the
/// runner works around is pinned on a real engine, so a Unicorn that changes shows up as a failing test.
/// </summary>
public sealed class Ppc64EngineTests
{
    private const ulong Code = 0x4000_0000;
    private const ulong Data = 0x4001_0000;
    private const ulong Halt = 0x4002_0000;
    private const ulong Stack = 0x4003_0000;
    private const int Pc = 1;
    private const int Msr = 77;
    private const int Lr = 74;
    private const int Ctr = 76;

    private static int R(int n) => 2 + n;

    private static byte[] Words(params uint[] instructions)
    {
        var bytes = new byte[instructions.Length * 4];
        for (var i = 0; i < instructions.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 * i), instructions[i]);
        }
        return bytes;
    }

    /// <summary>An engine as the backend opens it (or a raw one), code mapped, and an interrupt log.</summary>
    private static Engine Prepared(Engine e, List<(uint Number, ulong Pc)> interrupts, byte[] code)
    {
        e.Map(Code, 0x1000, UcProt.Read | UcProt.Exec);
        e.Map(Data, 0x1000, UcProt.Read | UcProt.Write);
        e.Map(Halt, 0x1000, UcProt.Read | UcProt.Exec);
        e.Map(Stack, 0x1000, UcProt.Read | UcProt.Write);
        e.Write(Code, code);
        e.Write(Halt, new Ppc64Backend().HaltInstruction);
        e.WriteRegister(Lr, Halt);
        e.WriteRegister(R(1), Stack + 0x800);
        e.AddInterruptHook((engine, number) =>
        {
            interrupts.Add((number, engine.ReadRegister(Pc)));
            engine.Stop();
        });
        return e;
    }

    [Fact]
    public void A_fresh_engine_is_a_64_bit_cpu_outside_hypervisor_state_whose_first_fetch_raises_interrupt_70()
    {
        var interrupts = new List<(uint, ulong)>();
        using var raw = Prepared(new Engine(UcArch.Ppc, UcMode.Mode64 | UcMode.BigEndian), interrupts, Words(0x60000000, 0x4e800020));
        Assert.Equal(Ppc64Backend.MsrSixtyFourBit, raw.ReadRegister(Msr));
        // A register write cannot set MSR[HV]: Unicorn stores MSR keeping the HV bit it had.
        raw.WriteRegister(Msr, Ppc64Backend.MsrSixtyFourBit | Ppc64Backend.MsrHypervisor);
        Assert.Equal(Ppc64Backend.MsrSixtyFourBit, raw.ReadRegister(Msr));

        Assert.Equal(UcError.Ok, raw.Run(Code, Halt, 100));

        // POWERPC_EXCP_HISI: real-mode access outside the (empty) real-mode area; nothing ran.
        Assert.Equal([(70u, Code + 4)], interrupts);
    }

    [Fact]
    public void Selecting_a_ppc64_cpu_model_gets_a_32_bit_core_instead()
    {
        // UC_CPU_PPC64_POWER9_V2_0 (17) indexes the start of QEMU's table, a 32-bit 40x core: MSR 0, and a 64-bit
        // rotate (sldi) is an illegal instruction there (96).
        var interrupts = new List<(uint, ulong)>();
        using var e = Prepared(new Engine(UcArch.Ppc, UcMode.Mode64 | UcMode.BigEndian, 17), interrupts, Words(0x60000000, 0x78a507c6, 0x4e800020));
        Assert.Equal(0UL, e.ReadRegister(Msr));

        Assert.Equal(UcError.Ok, e.Run(Code, Halt, 100));

        Assert.Equal(96u, interrupts.Single().Item1);
    }

    [Fact]
    public void The_backend_runs_64_bit_code_in_hypervisor_real_mode()
    {
        var backend = new Ppc64Backend();
        var interrupts = new List<(uint, ulong)>();
        using var e = Prepared(backend.CreateEngine(), interrupts, Words(
            0x3ca01234, // 0x00 lis 5,0x1234
            0x60a55678, // 0x04 ori 5,5,0x5678
            0x78a507c6, // 0x08 sldi 5,5,32
            0x64a59abc, // 0x0c oris 5,5,0x9abc
            0x60a5def0, // 0x10 ori 5,5,0xdef0
            0xf8a40000, // 0x14 std 5,0(4)
            0xe8c40000, // 0x18 ld 6,0(4)
            0x7c0802a6, // 0x1c mflr 0
            0x48000011, // 0x20 bl 0x30
            0x7c0803a6, // 0x24 mtlr 0
            0x4e800020, // 0x28 blr (to the halt address)
            0x60000000, // 0x2c nop
            0x7d6802a6, // 0x30 mflr 11
            0x7ce903a6, // 0x34 mtctr 7
            0x4e800421, // 0x38 bctrl (to 0x48)
            0x7d6803a6, // 0x3c mtlr 11
            0x4e800020, // 0x40 blr (to 0x24)
            0x60000000, // 0x44 nop
            0x3900004d, // 0x48 li 8,77
            0x4e800020)); // 0x4c blr (to 0x3c)
        Assert.Equal(Ppc64Backend.MsrSixtyFourBit | Ppc64Backend.MsrHypervisor, e.ReadRegister(Msr));
        e.WriteRegister(R(4), Data);
        e.WriteRegister(R(7), Code + 0x48);

        var err = e.Run(Code, Halt, 100);

        Assert.Equal(UcError.Ok, err);
        Assert.Empty(interrupts);
        // Unicorn stops before executing the until address.
        Assert.Equal(Halt, e.ReadRegister(Pc));
        Assert.Equal(0x1234_5678_9abc_def0UL, e.ReadRegister(R(6)));
        // Big-endian store: the most significant byte first.
        Assert.Equal(0x1234_5678_9abc_def0UL, e.ReadWord(Data, 8, ByteOrder.BigEndian));
        Assert.Equal(77UL, e.ReadRegister(R(8)));
        Assert.Equal(Code + 0x24, e.ReadRegister(R(11)));
        Assert.Equal(Code + 0x48, e.ReadRegister(Ctr));
        Assert.Equal(Halt, e.ReadRegister(Lr));
    }

    [Theory]
    [InlineData(0x7fe00008u, 6u)] // trap: program interrupt
    [InlineData(0x00000000u, 96u)] // an unassigned opcode: hypervisor emulation assistance
    [InlineData(0xfdc00090u, 7u)] // fmr f14,f0 with MSR[FP] = 0: FP unavailable
    public void An_exception_reports_the_pc_after_the_instruction_and_TrapAddress_takes_it_back(uint instruction, uint expected)
    {
        var backend = new Ppc64Backend();
        var interrupts = new List<(uint Number, ulong Pc)>();
        ulong lastHooked = 0;
        using var e = Prepared(backend.CreateEngine(), interrupts, Words(0x48000008, 0x60000000, instruction, 0x4e800020));
        // The code hook does run for the faulting instruction, even at the start of a block (after the branch).
        e.AddCodeHook(Code, Code + 0xfff, (_, a, _) => lastHooked = a);

        Assert.Equal(UcError.Ok, e.Run(Code, Halt, 100));

        var (number, pc) = interrupts.Single();
        Assert.Equal(expected, number);
        Assert.Equal(Code + 12, pc);
        Assert.Equal(Code + 8, lastHooked);
        Assert.Equal(Code + 8, backend.TrapAddress(number, pc));
    }

    [Fact]
    public void Memory_errors_carry_the_exact_pc_and_page_protections_hold()
    {
        var backend = new Ppc64Backend();
        var interrupts = new List<(uint, ulong)>();
        using var e = Prepared(backend.CreateEngine(), interrupts, Words(0xe8600010, 0x4e800020)); // ld 3,16(0)
        var faults = new List<(ulong Address, ulong Pc)>();
        e.AddInvalidMemoryHook((engine, _, address, _, _) =>
        {
            faults.Add((address, engine.ReadRegister(Pc)));
            return false;
        });
        Assert.Equal(UcError.ReadUnmapped, e.Run(Code, Halt, 100));
        Assert.Equal([(0x10UL, Code)], faults);

        // A fetch from a page mapped without execute permission is refused (unlike s390x, text need not be writable).
        e.Write(Data, Words(0x4e800020));
        Assert.Equal(UcError.FetchProt, e.Run(Data, Halt, 100));
        Assert.Equal((Data, Data), faults[^1]);
    }

    [Fact]
    public void Condition_register_fields_are_registers_of_their_own()
    {
        using var e = new Ppc64Backend().CreateEngine();
        e.WriteRegister(34 + 2, 0xb);
        Assert.Equal(0xbUL, e.ReadRegister(34 + 2));
        Assert.Equal(0x00b0_0000UL, e.ReadRegister(79) & 0x00f0_0000);
    }
}

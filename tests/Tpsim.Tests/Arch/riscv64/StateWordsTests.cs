using Tpsim.Arch.Riscv64;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Arch.Riscv64;

/// <summary>
/// The per-call checks read riscv64's x1-x31 and f0-f31 from one saved CPU state (<see cref="IsaBackend.BulkReadId"/>).
/// Guest code writes a distinct value to each; every state word must hold the guest's value and agree with
/// uc_reg_read, so a Unicorn whose CPURISCVState is laid out otherwise fails here rather than as a wrong verdict.
/// </summary>
public sealed class Riscv64StateWordsTests
{
    private const ulong Code = 0x4000_0000;
    private static readonly Riscv64Backend Backend = new();

    private static ulong IntegerValue(int n) => 0x100UL + (ulong)n;

    private static ulong FloatValue(int n) => 0x300UL + (ulong)n;

    [Fact]
    public void Every_state_word_holds_what_the_guest_wrote_and_what_uc_reg_read_reads()
    {
        using var e = Run();
        var checkedIds = 0;
        foreach (var (id, expected) in Expected())
        {
            var word = Backend.BulkReadId(id);
            Assert.True(GuestRegisters.IsContextWord(word), $"register id {id} is read through uc_reg_read_batch, not the saved state");
            Assert.Equal(expected, e.ReadRegister(id));
            Assert.Equal(expected, GuestRegisters.Read(e, word));
            checkedIds++;
        }
        Assert.Equal(31 + 32, checkedIds);
        // The rest of the map (pc) stays a Unicorn register.
        Assert.Equal(Backend.Registers["pc"], Backend.BulkReadId(Backend.Registers["pc"]));
    }

    [Fact]
    public void A_plan_of_state_words_reads_as_the_batch_does()
    {
        using var e = Run();
        int[] ids = [.. Backend.Abi.CalleeSaved.Select(n => Backend.Registers[n])];
        var batch = new ulong[ids.Length];
        e.ReadRegisters(ids, batch);
        var fromState = new ulong[ids.Length];
        GuestRegisters.ReadAll(e, [.. ids.Select(Backend.BulkReadId)], fromState);
        Assert.Equal(batch, fromState);
        Assert.Equal(ids.Length, batch.Distinct().Count());
    }

    /// <summary>
    /// mstatus as the per-call checks read it at every return: the guest sets FS Clean, then Dirty, with csrw; the state
    /// word follows, as uc_reg_read does. One word off it does not.
    /// </summary>
    [Fact]
    public void The_mstatus_state_word_follows_the_guests_csr_writes()
    {
        var id = Backend.FloatState.RegisterId;
        var word = Backend.BulkReadId(id);
        Assert.True(GuestRegisters.IsContextWord(word));
        foreach (var fs in new ulong[] { 0x4000, 0x6000 })
        {
            using var e = Backend.CreateEngine();
            e.Map(Code, 0x1000, UcProt.All);
            var lui = (uint)(fs & 0xfffff000) | (5u << 7) | 0x37;        // lui t0, fs >> 12
            var csrw = (0x300u << 20) | (5u << 15) | (1u << 12) | 0x73;    // csrrw zero, mstatus, t0
            var bytes = new byte[8];
            MemoryWords.PutWord(bytes.AsSpan(0), 4, lui);
            MemoryWords.PutWord(bytes.AsSpan(4), 4, csrw);
            e.Write(Code, bytes);
            Assert.Equal(UcError.Ok, e.Run(Code, Code + 8, 2));
            Assert.Equal(fs, e.ReadRegister(id) & 0x6000);
            Assert.Equal(fs, GuestRegisters.Read(e, word) & 0x6000);
            Assert.NotEqual(fs, GuestRegisters.Read(e, word - 8) & 0x6000);
        }
    }

    /// <summary>Negative control: one word off, every register reads its neighbour's value, so the comparison above can fail.</summary>
    [Fact]
    public void A_state_word_one_slot_off_reads_another_register()
    {
        using var e = Run();
        foreach (var (id, expected) in Expected())
        {
            if (id is 32 or 189)
            {
                continue; // the last of each file has no neighbour of its kind above it
            }
            Assert.NotEqual(expected, GuestRegisters.Read(e, Backend.BulkReadId(id) + 8));
        }
    }

    private static IEnumerable<(int Id, ulong Value)> Expected()
    {
        for (var n = 1; n < 32; n++)
        {
            yield return (1 + n, IntegerValue(n));
        }
        for (var n = 0; n < 32; n++)
        {
            yield return (158 + n, FloatValue(n));
        }
    }

    /// <summary>Runs code that writes every f register (through t0), then every x register but x0.</summary>
    private static Engine Run()
    {
        var code = new List<uint>();
        for (var n = 0; n < 32; n++)
        {
            code.Add(Addi(5, (int)FloatValue(n)));
            code.Add(FmvDX(n, 5));
        }
        for (var n = 1; n < 32; n++)
        {
            code.Add(Addi(n, (int)IntegerValue(n)));
        }
        var bytes = new byte[code.Count * 4];
        for (var i = 0; i < code.Count; i++)
        {
            MemoryWords.PutWord(bytes.AsSpan(i * 4), 4, code[i]);
        }
        var e = Backend.CreateEngine();
        e.Map(Code, 0x1000, UcProt.All);
        e.Write(Code, bytes);
        Assert.Equal(UcError.Ok, e.Run(Code, Code + (ulong)bytes.Length, (ulong)code.Count));
        return e;
    }

    // addi rd, x0, imm (I-type, opcode 0x13).
    private static uint Addi(int rd, int imm) => ((uint)imm << 20) | ((uint)rd << 7) | 0x13;

    // fmv.d.x fd, rs1 (funct7 0x79, opcode 0x53).
    private static uint FmvDX(int fd, int rs1) => (0x79u << 25) | ((uint)rs1 << 15) | ((uint)fd << 7) | 0x53;
}

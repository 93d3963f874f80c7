using Tpsim.Arch.S390x;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Arch.S390x;

/// <summary>
/// The per-call checks read s390x's r0-r15 from the saved CPU state they already copy for f8-f15
/// (<see cref="IsaBackend.BulkReadId"/>). Guest code writes a distinct value to each; every state word must hold it
/// and agree with uc_reg_read, so a Unicorn whose CPUS390XState is laid out otherwise fails here.
/// </summary>
public sealed class S390xStateWordsTests
{
    private const ulong Code = 0x4000_0000;
    private static readonly S390xBackend Backend = new();

    private static ulong Value(int n) => 0x100UL + (ulong)n;

    [Fact]
    public void Every_state_word_holds_what_the_guest_wrote_and_what_uc_reg_read_reads()
    {
        using var e = Run();
        for (var n = 0; n < 16; n++)
        {
            var id = Backend.Registers[$"r{n}"];
            var word = Backend.BulkReadId(id);
            Assert.True(GuestRegisters.IsContextWord(word), $"r{n} is read through uc_reg_read_batch, not the saved state");
            Assert.Equal(Value(n), e.ReadRegister(id));
            Assert.Equal(Value(n), GuestRegisters.Read(e, word));
        }
        Assert.Equal(Backend.Registers["pc"], Backend.BulkReadId(Backend.Registers["pc"]));
    }

    /// <summary>Negative control: one word off, each register reads its neighbour's value, so the comparison above can fail.</summary>
    [Fact]
    public void A_state_word_one_slot_off_reads_another_register()
    {
        using var e = Run();
        for (var n = 0; n < 15; n++)
        {
            Assert.NotEqual(Value(n), GuestRegisters.Read(e, Backend.BulkReadId(Backend.Registers[$"r{n}"]) + 8));
        }
    }

    /// <summary>lghi rN, 0x100+N for every general register.</summary>
    private static Engine Run()
    {
        var bytes = new List<byte>();
        for (var n = 0; n < 16; n++)
        {
            var v = Value(n);
            bytes.AddRange([0xa7, (byte)((n << 4) | 0x9), (byte)(v >> 8), (byte)v]);
        }
        var e = Backend.CreateEngine();
        e.Map(Code, 0x1000, UcProt.All);
        e.Write(Code, [.. bytes]);
        Assert.Equal(UcError.Ok, e.Run(Code, Code + (ulong)bytes.Count, 16));
        return e;
    }
}

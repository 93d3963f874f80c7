using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Emulator.Unicorn;

/// <summary>
/// Non-executable mappings lie on host memory the engine owns (uc_mem_map_ptr) and are copied directly; these pin
/// that guest and host see the same bytes, and that a mapping leaves the copy path as soon as Unicorn may stop using
/// that memory (split, unmapped) or may translate code from it (made executable).
/// </summary>
public sealed class HostBackedMemoryTests
{
    private const ulong Code = 0x10_0000;
    private const ulong Data = 0x20_0000;
    private const int Rax = 35;

    private static byte[] Abs32(ulong address) => BitConverter.GetBytes((uint)address);

    /// <summary>mov rax, [src]; mov [dst], rax</summary>
    private static byte[] Copy(ulong src, ulong dst) =>
        [0x48, 0x8b, 0x04, 0x25, .. Abs32(src), 0x48, 0x89, 0x04, 0x25, .. Abs32(dst)];

    private static Engine WithCode(byte[] code)
    {
        var e = new Engine(UcArch.X86, UcMode.Mode64);
        e.Map(Code, 0x1000, UcProt.All);
        e.Write(Code, code);
        return e;
    }

    [Fact]
    public void Guest_and_host_see_the_same_bytes_of_a_data_mapping()
    {
        var code = Copy(Data, Data + 8);
        using var e = WithCode(code);
        e.Map(Data, 0x1000, UcProt.Read | UcProt.Write);
        e.WriteUInt64(Data, 0x1122_3344_5566_7788);
        Assert.Equal(UcError.Ok, e.Run(Code, Code + (ulong)code.Length));
        Assert.Equal(0x1122_3344_5566_7788UL, e.ReadUInt64(Data + 8));
        var bytes = new byte[8];
        e.Read(Data + 8, bytes);
        Assert.Equal(0x1122_3344_5566_7788UL, BitConverter.ToUInt64(bytes));
    }

    [Fact]
    public void What_is_left_of_a_partly_unmapped_mapping_stays_shared_and_the_hole_faults()
    {
        var code = Copy(Data, Data + 0x2000);
        using var e = WithCode(code);
        e.Map(Data, 0x3000, UcProt.Read | UcProt.Write);
        e.Unmap(Data + 0x1000, 0x1000);
        e.WriteUInt64(Data, 42);
        Assert.Equal(UcError.Ok, e.Run(Code, Code + (ulong)code.Length));
        Assert.Equal(42UL, e.ReadUInt64(Data + 0x2000));
        var ex = Assert.Throws<UnicornException>(() => e.ReadUInt64(Data + 0x1000));
        Assert.Contains("uc_mem_read(0x201000, 8)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_partly_reprotected_mapping_stays_shared()
    {
        var code = Copy(Data + 0x1000, Data + 0x1008);
        using var e = WithCode(code);
        e.Map(Data, 0x2000, UcProt.Read | UcProt.Write);
        e.Protect(Data, 0x1000, UcProt.Read);
        e.WriteUInt64(Data + 0x1000, 7);
        Assert.Equal(UcError.Ok, e.Run(Code, Code + (ulong)code.Length));
        Assert.Equal(7UL, e.ReadUInt64(Data + 0x1008));
    }

    [Fact]
    public void Code_rewritten_in_a_split_mapping_runs_once_its_blocks_are_dropped()
    {
        using var e = new Engine(UcArch.X86, UcMode.Mode64);
        e.Map(Data, 0x2000, UcProt.Read | UcProt.Write);
        // Only the first page becomes code: the mapping is split, and the host reaches the pieces through Unicorn.
        e.Protect(Data, 0x1000, UcProt.All);
        // jmp +0x10; there mov eax, 1; jmp +0x30, where runs stop. The block at +0x10 neither begins a run nor holds
        // its stop address (Unicorn retranslates both at every start), so it stays translated between runs.
        e.Write(Data, [0xeb, 0x0e]);
        e.Write(Data + 0x10, [0xb8, 1, 0, 0, 0, 0xeb, 0x19]);
        Assert.Equal(UcError.Ok, e.Run(Data, Data + 0x30));
        Assert.Equal(1UL, e.ReadRegister(Rax));
        // The host's write must land in the memory the CPU fetches from, or eax stays 1.
        e.Write(Data + 0x10, [0xb8, 2, 0, 0, 0]);
        e.RemoveCache(Data, Data + 0x1000);
        Assert.Equal(UcError.Ok, e.Run(Data, Data + 0x30));
        Assert.Equal(2UL, e.ReadRegister(Rax));
    }

    [Fact]
    public void Fully_unmapped_memory_is_gone_for_host_and_guest()
    {
        using var e = new Engine(UcArch.X86, UcMode.Mode64);
        e.Map(Data, 0x1000, UcProt.Read | UcProt.Write);
        e.WriteUInt64(Data, 5);
        e.Unmap(Data, 0x1000);
        Assert.Throws<UnicornException>(() => e.ReadUInt64(Data));
        Assert.False(e.TryRead(Data, new byte[8]));
        // Mapped again, it is fresh zeroed memory.
        e.Map(Data, 0x1000, UcProt.Read | UcProt.Write);
        Assert.Equal(0UL, e.ReadUInt64(Data));
    }

    [Fact]
    public void A_refused_data_mapping_names_the_call()
    {
        using var e = new Engine(UcArch.X86, UcMode.Mode64);
        var ex = Assert.Throws<UnicornException>(() => e.Map(0x1234, 0x1000, UcProt.Read));
        Assert.Contains("uc_mem_map_ptr(0x1234, 0x1000)", ex.Message, StringComparison.Ordinal);
    }
}

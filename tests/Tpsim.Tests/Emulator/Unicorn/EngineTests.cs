using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Emulator.Unicorn;

/// <summary>The binding against the real libunicorn.so.2: errors, hooks, budget, contexts, disposal.</summary>
public sealed class EngineTests
{
    private const ulong Code = 0x10_0000;
    private const int Rax = 35;
    private const int Rip = 41;

    private static Engine X86WithCode(params byte[] code)
    {
        var e = new Engine(UcArch.X86, UcMode.Mode64);
        e.Map(Code, 0x1000, UcProt.All);
        e.Write(Code, code);
        return e;
    }

    [Fact]
    public void Runs_real_machine_code()
    {
        // mov eax, 0x2a ; nop
        using var e = X86WithCode(0xb8, 0x2a, 0, 0, 0, 0x90);
        Assert.Equal(UcError.Ok, e.Run(Code, Code + 6));
        Assert.Equal(0x2aUL, e.ReadRegister(Rax));
    }

    [Fact]
    public void Native_error_becomes_typed_exception_with_strerror_text()
    {
        using var e = new Engine(UcArch.X86, UcMode.Mode64);
        var ex = Assert.Throws<UnicornException>(() => e.Map(0x1234, 0x1000, UcProt.All));
        Assert.Equal(UcError.Arg, ex.Code);
        Assert.Contains("uc_mem_map", ex.Message);
    }

    [Fact]
    public void Exception_in_hook_stops_emulation_and_is_rethrown_after_start_returns()
    {
        // Four nops then a jump to itself: without the stop this would only end on the budget.
        using var e = X86WithCode(0x90, 0x90, 0x90, 0x90, 0xeb, 0xfe);
        var seen = 0;
        e.AddCodeHook(Code, Code + 0x10, (_, a, _) =>
        {
            seen++;
            if (a == Code + 2)
            {
                throw new InvalidOperationException("from hook");
            }
        });
        var ex = Assert.Throws<InvalidOperationException>(() => e.Run(Code, Code + 0x100, instructionBudget: 1000));
        Assert.Equal("from hook", ex.Message);
        Assert.True(seen <= 4, $"emulation went on after the hook threw ({seen} instructions hooked)");
        // The engine stays usable and the stored failure does not leak into the next run.
        Assert.Equal(UcError.Ok, e.Run(Code + 3, Code + 4));
    }

    [Fact]
    public void Instruction_budget_stops_a_loop()
    {
        using var e = X86WithCode(0xeb, 0xfe); // jmp .
        Assert.Equal(UcError.Ok, e.Run(Code, Code + 0x100, instructionBudget: 10_000));
        Assert.Equal(Code, e.ReadRegister(Rip));
    }

    [Fact]
    public void Invalid_memory_hook_reports_access_kind_and_address()
    {
        // mov rax, [0x10]
        using var e = X86WithCode(0x48, 0x8b, 0x04, 0x25, 0x10, 0, 0, 0);
        (UcMemType Type, ulong Address)? seen = null;
        e.AddInvalidMemoryHook((_, t, a, _, _) =>
        {
            seen = (t, a);
            return false;
        });
        Assert.Equal(UcError.ReadUnmapped, e.Run(Code, Code + 8));
        Assert.Equal((UcMemType.ReadUnmapped, 0x10UL), seen);
    }

    [Fact]
    public void Context_restore_brings_registers_back()
    {
        using var e = X86WithCode(0xb8, 0x2a, 0, 0, 0);
        e.WriteRegister(Rax, 7);
        using var ctx = e.SaveContext();
        e.Run(Code, Code + 5);
        Assert.Equal(0x2aUL, e.ReadRegister(Rax));
        e.RestoreContext(ctx);
        Assert.Equal(7UL, e.ReadRegister(Rax));
    }

    [Fact]
    public void Dispose_closes_the_engine_and_frees_every_hook()
    {
        var opened = UnicornHandle.OpenedCount;
        var closed = UnicornHandle.ClosedCount;
        var e = X86WithCode(0x90);
        e.AddCodeHook(Code, Code, (_, _, _) => { });
        e.AddInvalidMemoryHook((_, _, _, _, _) => false);
        Assert.Equal(2, e.HookCount);
        e.Dispose();
        Assert.True(e.IsDisposed);
        Assert.Equal(0, e.HookCount);
        Assert.True(UnicornHandle.OpenedCount - opened >= 1);
        Assert.True(UnicornHandle.ClosedCount - closed >= 1);
        Assert.Throws<ObjectDisposedException>(() => e.Run(Code, Code + 1));
        e.Dispose(); // idempotent
    }

    [Fact]
    public void Removed_hook_no_longer_fires()
    {
        using var e = X86WithCode(0x90, 0x90);
        var hits = 0;
        var h = e.AddCodeHook(Code, Code + 1, (_, _, _) => hits++);
        e.Run(Code, Code + 2);
        Assert.Equal(2, hits);
        h.Dispose();
        e.RemoveCache(Code, Code + 2);
        e.Run(Code, Code + 2);
        Assert.Equal(2, hits);
    }
}

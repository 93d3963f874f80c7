using System.Globalization;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Unicorn;
using Xunit;
using Xunit.Abstractions;

namespace Tpsim.Tests.Emulator.Checking;

/// <summary>
/// Clang's kCFI check, compiled by clang-19 with <c>-fsanitize=kcfi</c> and run in Unicorn: a call through
/// <c>void (*)(void *, long, long)</c> into <c>void tp_stub_func(void)</c> must trap as "kcfi" with both type
/// hashes as llvm-objdump shows them; a callee of the exact type must run and return; a trap that is not
/// a kCFI check must keep its plain kind.
/// </summary>
public sealed class KcfiTrapTests(ITestOutputHelper output)
{
    private static readonly string[] Kcfi = ["-fsanitize=kcfi"];

    /// <summary>
    /// ISA and extra code-generation flags: the default; patchable-function-entry prefixes as kernels use
    /// them (and one long enough for a 32-bit displacement); x86_64 retpolines with IBT, where the target
    /// goes through %r11; riscv64 without C (a 4-byte ebreak).
    /// </summary>
    public static TheoryData<string, string> Configurations() => new()
    {
        { "x86_64", "" },
        { "x86_64", "-fpatchable-function-entry=16,16" },
        { "x86_64", "-fpatchable-function-entry=200,200" },
        { "x86_64", "-mretpoline-external-thunk -mindirect-branch-cs-prefix -fcf-protection=branch" },
        { "arm64", "" },
        { "arm64", "-fpatchable-function-entry=4,2" },
        { "riscv64", "" },
        { "riscv64", "-fpatchable-function-entry=8,4" },
        { "riscv64", "-march=rv64imafd" },
    };

    public static TheoryData<string> IsaNames() => new(Isas.Names);

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Call_into_a_void_void_stub_is_a_kcfi_trap_naming_both_hashes(string isaName, string flags)
    {
        var isa = Isas.Create(isaName);
        string[] extra = [.. Kcfi, .. Split(flags)];
        using var h = new KcfiHarness(isa);
        LoadThunk(h, flags);
        var callerElf = h.Compile("caller.c", extra);
        var caller = h.Load(callerElf, "caller.o");
        var stub = h.Load(h.Compile("stub_void.c", extra), "stub_void.o");
        var oracle = new ObjdumpOracle(isaName, callerElf);

        var siteHash = oracle.ExpectedHash("tp_kcfi_call");
        var voidHash = oracle.ExpectedHash("tp_kcfi_call_void");
        var displacement = oracle.TypeWordDisplacement("tp_kcfi_call");
        var target = stub.Symbol("tp_stub_func");
        Assert.NotEqual(siteHash, voidHash);

        var run = h.Call(caller.Symbol("tp_kcfi_call"), target, h.Scratch);

        var trap = run.Trap;
        output.WriteLine($"{run}\nexpected (objdump) 0x{siteHash:x8}, void (void) 0x{voidHash:x8}, displacement {displacement}");
        Assert.True(trap is not null, $"no trap: {run}\n{oracle.Text}");
        var shown = $"{trap}\n{oracle.Text}";
        Assert.True(trap.Kind == TrapKind.Kcfi, shown);
        Assert.Equal(caller.Symbol("tp_kcfi_call") + oracle.TrapOffset("tp_kcfi_call"), trap.Pc);
        Assert.Equal(oracle.TrapText("tp_kcfi_call"), trap.Instruction.Replace("c.ebreak", "ebreak", StringComparison.Ordinal));
        // The hash the site checks for, as objdump shows it at the call site.
        Assert.Equal(Hex(siteHash), Hex(trap.ExpectedType));
        // The word in front of tp_stub_func, where the site reads it, which is the hash of void (void).
        Assert.Equal(Hex(h.ReadWord(target + (ulong)displacement)), Hex(trap.TargetType));
        Assert.Equal(Hex(voidHash), Hex(trap.TargetType));
        Assert.Equal(target, trap.TargetAddress);
        Assert.Equal("tp_stub_func", trap.Target);
        if (run.InterruptPc is { } hookPc)
        {
            // CaseRunner reads the trapping pc in the interrupt hook; it must be the brk itself.
            Assert.Equal(trap.Pc, hookPc);
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Call_into_a_callee_of_the_exact_type_passes_the_check_and_returns(string isaName, string flags)
    {
        var isa = Isas.Create(isaName);
        string[] extra = [.. Kcfi, .. Split(flags)];
        using var h = new KcfiHarness(isa);
        LoadThunk(h, flags);
        var callerElf = h.Compile("caller.c", extra);
        var caller = h.Load(callerElf, "caller.o");
        var exact = h.Load(h.Compile("stub_exact.c", extra), "stub_exact.o");
        var oracle = new ObjdumpOracle(isaName, callerElf);
        var target = exact.Symbol("tp_stub_exact");
        Assert.Equal(Hex(oracle.ExpectedHash("tp_kcfi_call")), Hex(h.ReadWord(target + (ulong)oracle.TypeWordDisplacement("tp_kcfi_call"))));

        var run = h.Call(caller.Symbol("tp_kcfi_call"), target, h.Scratch);

        Assert.True(run.Trap is null, $"{run.Trap}");
        Assert.Equal(UcError.Ok, run.Error);
        Assert.Equal(h.Halt, run.Pc);
        Assert.Equal(0x5aUL, run.ReturnValue);
        Assert.Equal(33UL, h.Engine.ReadUInt64(h.Scratch)); // the callee ran with the site's arguments
    }

    [Theory]
    [MemberData(nameof(IsaNames))]
    public void Plain_trap_from_a_call_site_without_kcfi_keeps_its_kind(string isaName)
    {
        var isa = Isas.Create(isaName);
        using var h = new KcfiHarness(isa);
        var caller = h.Load(h.Compile("caller.c", []), "caller.o");
        var stub = h.Load(h.Compile($"{isaName}/trap.S", []), "trap.o");

        var run = h.Call(caller.Symbol("tp_kcfi_call"), stub.Symbol("tp_stub_func"), h.Scratch);

        output.WriteLine(run.ToString());
        AssertPlainTrap(isaName, run, stub.Symbol("tp_stub_func"));
    }

    [Theory]
    [MemberData(nameof(IsaNames))]
    public void Plain_trap_in_a_callee_that_passed_the_kcfi_check_keeps_its_kind(string isaName)
    {
        var isa = Isas.Create(isaName);
        using var h = new KcfiHarness(isa);
        var callerElf = h.Compile("caller.c", Kcfi);
        var caller = h.Load(callerElf, "caller.o");
        var oracle = new ObjdumpOracle(isaName, callerElf);
        Assert.Equal(-4L, oracle.TypeWordDisplacement("tp_kcfi_call"));
        var hash = oracle.ExpectedHash("tp_kcfi_call");
        // The asm stub carries the site's own hash in front of it, so the check passes and its own trap fires.
        var stub = h.Load(h.Compile($"{isaName}/trap.S", [$"-DTP_HASH=0x{hash.ToString("x8", CultureInfo.InvariantCulture)}"]), "trap.o");

        var run = h.Call(caller.Symbol("tp_kcfi_call"), stub.Symbol("tp_stub_func"), h.Scratch);

        output.WriteLine(run.ToString());
        AssertPlainTrap(isaName, run, stub.Symbol("tp_stub_func"));
    }

    [Theory]
    [MemberData(nameof(IsaNames))]
    public void Trap_that_only_looks_like_the_end_of_a_check_is_not_kcfi(string isaName)
    {
        var isa = Isas.Create(isaName);
        using var h = new KcfiHarness(isa);
        var caller = h.Load(h.Compile("caller.c", []), "caller.o");
        var stub = h.Load(h.Compile($"{isaName}/lookalike.S", []), "lookalike.o");

        var run = h.Call(caller.Symbol("tp_kcfi_call"), stub.Symbol("tp_stub_func"), h.Scratch);

        var trap = run.Trap;
        output.WriteLine(run.ToString());
        Assert.True(trap is not null, $"no trap: {run}");
        Assert.Equal(isaName == "x86_64" ? TrapKind.InvalidInstruction : TrapKind.Breakpoint, trap.Kind);
        if (isaName == "arm64")
        {
            Assert.Equal("brk #0x8228", trap.Instruction);
        }
        Assert.Null(trap.ExpectedType);
        Assert.Null(trap.TargetType);
        Assert.Null(trap.TargetAddress);
        Assert.Null(trap.Target);
    }

    /// <summary>Check sequences clang-19 emits for other registers and hash shapes (Data/Kcfi/&lt;isa&gt;/variants.S), with the hash each checks for.</summary>
    public static TheoryData<string, string, uint> Variants() => new()
    {
        { "x86_64", "tp_variant_r10", 0x11255552 },
        { "x86_64", "tp_variant_r12", 0x11255552 },
        { "arm64", "tp_variant_x16", 0x11255552 },
        { "arm64", "tp_variant_x17", 0x11255552 },
        { "riscv64", "tp_variant_hi0_small", 0x00000005 },
        { "riscv64", "tp_variant_hi0_large", 0xfffff800 },
        { "riscv64", "tp_variant_lui_only", 0x12345000 },
        { "riscv64", "tp_variant_lui_caddiw", 0x12345010 },
        { "riscv64", "tp_variant_clui_only", 0x00010000 },
        { "riscv64", "tp_variant_lui_wrap", 0x7ffff800 },
        { "riscv64", "tp_variant_t1", 0x11255552 },
        { "riscv64", "tp_variant_t2", 0x11255552 },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Check_sequence_variant_is_decoded(string isaName, string function, uint hash)
    {
        var isa = Isas.Create(isaName);
        using var h = new KcfiHarness(isa);
        var variantsElf = h.Compile($"{isaName}/variants.S", []);
        var variants = h.Load(variantsElf, "variants.o");
        var stub = h.Load(h.Compile("stub_void.c", Kcfi), "stub_void.o");
        var oracle = new ObjdumpOracle(isaName, variantsElf);
        Assert.Equal(Hex(hash), Hex(oracle.ExpectedHash(function)));
        var target = stub.Symbol("tp_stub_func");

        var run = h.Call(variants.Symbol(function), target);

        var trap = run.Trap;
        output.WriteLine(run.ToString());
        Assert.True(trap is not null, $"no trap: {run}");
        Assert.Equal(TrapKind.Kcfi, trap.Kind);
        Assert.Equal(variants.Symbol(function) + oracle.TrapOffset(function), trap.Pc);
        Assert.Equal(Hex(hash), Hex(trap.ExpectedType));
        Assert.Equal(Hex(h.ReadWord(target - 4)), Hex(trap.TargetType));
        Assert.Equal(target, trap.TargetAddress);
        Assert.Equal("tp_stub_func", trap.Target);
    }

    private static void LoadThunk(KcfiHarness h, string flags)
    {
        if (flags.Contains("retpoline", StringComparison.Ordinal))
        {
            h.Load(h.Compile("x86_64/thunk.S", []), "thunk.o");
        }
    }

    private static void AssertPlainTrap(string isaName, KcfiRun run, ulong stubEntry)
    {
        var trap = run.Trap;
        Assert.True(trap is not null, $"no trap: {run}");
        Assert.Equal(stubEntry, trap.Pc);
        var (kind, instruction) = isaName switch
        {
            "x86_64" => (TrapKind.InvalidInstruction, "ud2"),
            "arm64" => (TrapKind.Breakpoint, "brk #0x1"),
            _ => (TrapKind.Breakpoint, trap.Instruction is "c.ebreak" ? "c.ebreak" : "ebreak"),
        };
        Assert.Equal(kind, trap.Kind);
        Assert.Equal(instruction, trap.Instruction);
        Assert.Null(trap.ExpectedType);
        Assert.Null(trap.TargetType);
        Assert.Null(trap.TargetAddress);
        Assert.Null(trap.Target);
    }

    private static string[] Split(string flags) => flags.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string Hex(uint? value) => value is { } v ? $"0x{v:x8}" : "(none)";
}

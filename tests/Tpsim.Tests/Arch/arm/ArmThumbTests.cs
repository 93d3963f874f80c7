using Tpsim.Emulator.Sources;
using Tpsim.Harness.Sources;
using System.Buffers.Binary;
using Tpsim.Arch.Arm;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;
using Tpsim.KernelSim;
using Xunit;

namespace Tpsim.Tests.Arch.Arm;

/// <summary>
/// The Thumb bit on 32-bit Arm, on the emulated CPU: a Thumb-2 build of the kernel's iterator, probes and stub
/// (the thumb2 config's -mthumb, clang and GCC) calls every entry of a [probe, stub, probe] array with the
/// right state, data and arguments, interworking with the ARM-state stub.S and site.S; a run starts in Thumb
/// state at an odd entry and ends in ARM state at the even halt address; Unicorn hooks Thumb code at the
/// even address only (why code pointers are compared through <see cref="ArmBackend.ExecutionAddress"/>); and
/// kCFI traps decode in both states.
/// </summary>
/// <remarks>
/// This is a direct run, not the matrix: the matrix's per-call checker hooks symbol values as they are, so a
/// Thumb entry (odd) is never seen there and the thumb2 config stays out of the matrix until it compares code
/// addresses without bit 0 (see the arm Toolchain).
/// </remarks>
public sealed class ArmThumbTests
{
    private static readonly Compiler Compiler = new();
    private static readonly string[] Thumb = ["-mthumb"];

    public static TheoryData<string, string, string, int> Runs()
    {
        var data = new TheoryData<string, string, string, int>();
        foreach (var compiler in new[] { "clang", "gcc" })
        {
            foreach (var site in new[] { "c", "asm" })
            {
                foreach (var stub in new[] { "stub.c", "stub.S" })
                {
                    foreach (var n in new[] { 0, 3, 4, 5, 12 })
                    {
                        data.Add(compiler, site, stub, n);
                    }
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Thumb2_build_calls_every_entry_with_the_right_state_and_arguments(string compiler, string site, string stub, int n)
    {
        Assert.True(CompilerKinds.TryParse(compiler, out var kind));
        using var h = new Harness(new BuildSpec(kind, BuildConfigs.Default), Thumb);
        var stubEntry = stub == "stub.c" ? h.StubC : h.StubAsm;
        var siteThumb = site == "c";
        var args = Enumerable.Range(1, n).Select(i => 0x5eed_0000UL + (ulong)i).ToArray();

        var r = h.Fire(site, [h.Probe(n), stubEntry, h.Probe(n)], args);

        Assert.True(r.Error == UcError.Ok, $"stopped with {r.Error} at pc 0x{r.Pc:x}");
        Assert.Equal(h.Halt, r.Pc);
        Assert.False(r.ThumbAtHalt);
        Assert.Equal([ArmBackend.ExecutionAddress(h.Probe(n)), ArmBackend.ExecutionAddress(stubEntry), ArmBackend.ExecutionAddress(h.Probe(n))], r.Entries.Select(e => e.Address));
        Assert.Equal([true, ArmBackend.IsThumb(stubEntry), true], r.Entries.Select(e => e.Thumb));
        Assert.All(r.Entries, e =>
        {
            // lr is the return into the site, in the site's own state; sp is 8-byte aligned at every call.
            Assert.Equal(siteThumb, ArmBackend.IsThumb(e.Lr));
            Assert.True(h.SiteText(site).Contains(ArmBackend.ExecutionAddress(e.Lr)), $"lr 0x{e.Lr:x} is not in the site");
            Assert.Equal(0UL, e.Sp % 8);
        });
        Assert.Equal(r.SpBefore, r.SpAfter);
        Assert.Equal(Harness.Seeds, r.CalleeSavedAfter);
        Assert.Equal(2, r.Log.Count);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal((ulong)n, r.Log[i].Probe);
            Assert.Equal(Harness.Data(2 * i), r.Log[i].Data);
            Assert.Equal(args, r.Log[i].Args);
        }
    }

    [Fact]
    public void Thumb_entries_have_bit_0_set_and_arm_ones_do_not()
    {
        using var h = new Harness(BuildSpec.Default, Thumb);
        Assert.True(ArmBackend.IsThumb(h.Probe(0)));
        Assert.True(ArmBackend.IsThumb(h.StubC));
        Assert.False(ArmBackend.IsThumb(h.StubAsm));
        Assert.False(ArmBackend.IsThumb(h.AsmSite));
        using var arm = new Harness(BuildSpec.Default, []);
        Assert.False(ArmBackend.IsThumb(arm.Probe(0)));
        Assert.False(ArmBackend.IsThumb(arm.StubC));
    }

    [Fact]
    public void Unicorn_runs_code_hooks_for_thumb_code_at_the_even_address_only()
    {
        using var h = new Harness(BuildSpec.Default, Thumb);
        var probe = h.Probe(0);
        var atOdd = 0;
        var atEven = 0;
        h.Engine.AddCodeHook(probe, probe, (_, _, _) => atOdd++);
        h.Engine.AddCodeHook(ArmBackend.ExecutionAddress(probe), ArmBackend.ExecutionAddress(probe), (_, _, _) => atEven++);

        var r = h.Fire("c", [probe], []);

        Assert.Equal(h.Halt, r.Pc);
        Assert.Equal(0, atOdd);
        Assert.Equal(1, atEven);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Kcfi_trap_decodes_in_both_states(bool thumb)
    {
        var isa = new ArmBackend();
        using var h = new Harness(new BuildSpec(CompilerKind.Clang, BuildConfigs.Kcfi), thumb ? Thumb : []);

        var r = h.Fire("c", [h.Probe(2), h.StubC, h.Probe(2)], [1, 2]);

        Assert.NotNull(r.TrapPc);
        var pc = r.TrapPc!.Value;
        Assert.Equal("bkpt #0x0", isa.DescribeTrap(h.Bytes(pc, 4)));
        Assert.Equal(thumb, ArmBackend.InThumbState(h.Engine));
        var check = isa.DecodeKcfi(h.Engine, pc);
        Assert.NotNull(check);
        Assert.Equal(h.StubC, check!.TargetAddress);
        Assert.Equal(h.Word(ArmBackend.ExecutionAddress(h.StubC) - 4), check.TargetType);
        // The probe has the site's prototype, so its hash is the one the site expects.
        Assert.Equal(h.Word(ArmBackend.ExecutionAddress(h.Probe(2)) - 4), check.ExpectedType);
        Assert.NotEqual(check.ExpectedType, check.TargetType);
        Assert.Single(r.Log);
    }

    [Theory]
    [InlineData("f201f0e7", "udf #0x12")]
    [InlineData("f000f0e7", "udf #0x0")]
    [InlineData("700020e1", "bkpt #0x0")]
    [InlineData("750020e1", "bkpt #0x5")]
    [InlineData("02de00bf", "udf #0x2")]
    [InlineData("06be00bf", "bkpt #0x6")]
    [InlineData("f1f734a2", "udf.w #0x1234")]
    [InlineData("1eff2fe1", "bytes 1eff2fe1")]
    public void Traps_are_named_in_arm_and_thumb_encodings(string hex, string text) =>
        Assert.Equal(text, new ArmBackend().DescribeTrap(Convert.FromHexString(hex)));

    private sealed record Entry(ulong Address, bool Thumb, ulong Lr, ulong Sp);

    private sealed record Record(ulong Probe, ulong Data, ulong[] Args);

    private sealed record Outcome(UcError Error, ulong Pc, bool ThumbAtHalt, ulong? TrapPc, List<Entry> Entries, ulong SpBefore, ulong SpAfter, ulong[] CalleeSavedAfter, List<Record> Log);

    /// <summary>probes, both sites and both stubs of one build, loaded like the matrix loads them, on one arm engine.</summary>
    private sealed class Harness : IDisposable
    {
        private const ulong Slot = 0x1_0000;
        private readonly ArmBackend _isa = new();
        private readonly LoadedObject _probes;
        private readonly Dictionary<string, LoadedObject> _sites = [];
        private readonly ulong _data;
        private readonly ulong _stackTop;

        public static readonly ulong[] Seeds = [.. Enumerable.Range(0, 8).Select(i => 0xc5c5_0000UL + (ulong)i)];

        public static ulong Data(int entry) => 0xda7a_0000UL | ((ulong)(entry + 1) << 12);

        public Harness(BuildSpec build, IReadOnlyList<string> cFlags)
        {
            Engine = _isa.CreateEngine();
            var b = _isa.KernelBase;
            var symbols = new SymbolTable();
            _probes = Load(new ObjectLoader(Engine, symbols), build, HarnessSources.Probes, SourceLanguage.C, "probes.c", b, cFlags);
            _sites["c"] = Load(new ObjectLoader(Engine, symbols.Copy()), build, HarnessSources.Site, SourceLanguage.C, "site.c", b + Slot, cFlags);
            _sites["asm"] = Load(new ObjectLoader(Engine, symbols.Copy()), build, _isa.ReadSource("site.S"), SourceLanguage.Asm, "arm/site.S", b + 2 * Slot, null);
            // The page before each stub is mapped, as in the matrix, so a kCFI check reading the word before it reads bytes.
            Engine.Map(b + 3 * Slot, 0x1000, UcProt.Read);
            StubC = Load(new ObjectLoader(Engine, new SymbolTable()), build, GuestSources.Stub, SourceLanguage.C, "stub.c", b + 3 * Slot + 0x1000, cFlags).Symbol("tp_stub_func");
            Engine.Map(b + 4 * Slot, 0x1000, UcProt.Read);
            StubAsm = Load(new ObjectLoader(Engine, new SymbolTable()), build, _isa.ReadSource("stub.S"), SourceLanguage.Asm, "arm/stub.S", b + 4 * Slot + 0x1000, null).Symbol("tp_stub_func");
            _data = b + 8 * Slot;
            Halt = _data + 0x1000;
            _stackTop = _data + 0x2_0000;
            Engine.Map(_data, 0x1000, UcProt.Read | UcProt.Write);
            Engine.Map(Halt, 0x1000, UcProt.Read | UcProt.Exec);
            Engine.Write(Halt, _isa.HaltInstruction);
            Engine.Map(_stackTop - 0x1_0000, 0x1_0000, UcProt.Read | UcProt.Write);
        }

        public Engine Engine { get; }

        public ulong Halt { get; }

        public ulong StubC { get; }

        public ulong StubAsm { get; }

        public ulong AsmSite => _sites["asm"].Symbol("tp_asm_site");

        public ulong Probe(int n) => _probes.Symbol($"tp_probe_{n}");

        public AddressRange SiteText(string site) => _sites[site].ExecutableRanges.Single();

        public byte[] Bytes(ulong address, int count)
        {
            var bytes = new byte[count];
            Engine.Read(address, bytes);
            return bytes;
        }

        public uint Word(ulong address) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(address, 4));

        /// <summary>Fires the site with this array: entry hooks on every callee's even address, then the call by the AAPCS.</summary>
        public Outcome Fire(string site, ulong[] funcs, ulong[] args)
        {
            // struct tracepoint_func { void *func; void *data; int prio; }: 12 bytes, NULL-terminated.
            var array = new byte[12 * (funcs.Length + 1)];
            for (var i = 0; i < funcs.Length; i++)
            {
                MemoryWords.PutWord(array.AsSpan(12 * i), 4, funcs[i]);
                MemoryWords.PutWord(array.AsSpan(12 * i + 4), 4, Data(i));
                MemoryWords.PutWord(array.AsSpan(12 * i + 8), 4, 10);
            }
            Engine.Write(_data, array);
            Engine.WriteWord(_probes.Symbol("__tracepoint_tpsim") + 8, 4, _data);
            Engine.WriteWord(_probes.Symbol("tp_log_len"), 4, 0);
            var argv = new byte[4 * 12];
            for (var i = 0; i < args.Length; i++)
            {
                MemoryWords.PutWord(argv.AsSpan(4 * i), 4, args[i]);
            }
            Engine.Write(_data + 0x800, argv);
            for (var i = 0; i < 8; i++)
            {
                Engine.WriteRegister(_isa.Registers[$"r{4 + i}"], Seeds[i]);
            }

            var entries = new List<Entry>();
            var hooks = funcs.Select(ArmBackend.ExecutionAddress).Distinct()
                .Select(a => Engine.AddCodeHook(a, a, (e, at, _) => entries.Add(new Entry(at, ArmBackend.InThumbState(e),
                    e.ReadRegister(_isa.Registers["lr"]), e.ReadRegister(_isa.Registers["sp"])))))
                .ToList();
            ulong? trapPc = null;
            var trapHook = Engine.AddInterruptHook((e, _) =>
            {
                trapPc ??= e.ReadRegister(_isa.Registers["pc"]);
                e.Stop();
            });
            foreach (var f in funcs)
            {
                Engine.RemoveCache(ArmBackend.ExecutionAddress(f), ArmBackend.ExecutionAddress(f) + 1);
            }
            var (entry, callArgs) = site == "c"
                ? (_sites["c"].Symbol($"__traceiter_tpsim_{args.Length}"), new ulong[] { 0 }.Concat(args).ToArray())
                : (AsmSite, [(ulong)args.Length, _data + 0x800]);
            var sp = CallPlacement.Place(Engine, _isa, _stackTop - 0x400, Halt, callArgs);
            UcError err;
            try
            {
                err = Engine.Run(entry, Halt, 100_000);
            }
            finally
            {
                hooks.ForEach(k => k.Dispose());
                trapHook.Dispose();
            }

            var log = new List<Record>();
            var count = (int)Engine.ReadWord(_probes.Symbol("tp_log_len"), 4);
            var records = _probes.Symbol("tp_log");
            for (var i = 0; i < Math.Min(count, 64); i++)
            {
                // struct tp_record { long probe; void *data; long args[TP_LOG_ARGS]; }: words of 4 bytes.
                var at = records + (ulong)(4 * (2 + HarnessSources.ProbeLogArgs) * i);
                var nargs = Engine.ReadWord(at, 4);
                log.Add(new Record(nargs, Engine.ReadWord(at + 4, 4),
                    [.. Enumerable.Range(0, (int)Math.Min(nargs, 12)).Select(k => Engine.ReadWord(at + 8 + 4 * (ulong)k, 4))]));
            }
            return new Outcome(err, Engine.ReadRegister(_isa.Registers["pc"]), ArmBackend.InThumbState(Engine), trapPc, entries, sp,
                Engine.ReadRegister(_isa.Registers["sp"]), [.. Enumerable.Range(4, 8).Select(i => Engine.ReadRegister(_isa.Registers[$"r{i}"]))], log);
        }

        private LoadedObject Load(ObjectLoader loader, BuildSpec build, string text, SourceLanguage language, string name, ulong at, IReadOnlyList<string>? flags)
        {
            var elf = Compiler.Compile(build, _isa.Toolchain, language, text, name, flags);
            return loader.Load(elf, Path.GetFileName(name) + ".o", at, _isa.Relocator);
        }

        public void Dispose() => Engine.Dispose();
    }
}

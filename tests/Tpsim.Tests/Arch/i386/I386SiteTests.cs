using Tpsim.Emulator.Checking;
using Tpsim.Harness.Sources;
using System.Buffers.Binary;
using Tpsim.Arch.I386;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;
using Tpsim.KernelSim;
using Xunit;

namespace Tpsim.Tests.Arch.I386;

/// <summary>
/// The i386 backend's sources before the proof harness speaks 32-bit: probes.c, the kernel's iterator
/// (site.c) and the hand-written site.S, loaded as ELF32 modules and run over a [probe, stub, probe]
/// array with 8 arguments (data in eax, a1 edx, a2 ecx, a3..a8 in 4-byte stack slots); and every
/// control assembles, loads and states its expectation.
/// </summary>
public sealed class I386SiteTests
{
    private const int Args = 8;
    private const int RecordSize = 4 * (2 + HarnessSources.ProbeLogArgs); // struct tp_record { long probe; void *data; long args[TP_LOG_ARGS]; }

    private static readonly uint[] Values = [.. Enumerable.Range(1, 12).Select(i => 0x5eed_0000u | (uint)(i << 8) | (uint)i)];
    private static readonly uint[] Data = [0xda7a_1000, 0xda7a_2000, 0xda7a_3000];
    private static readonly uint[] CalleeSaved = [0xc5c5_01ef, 0xc5c5_02ef, 0xc5c5_03ef, 0xc5c5_04ef];

    [Theory]
    [InlineData("c")]
    [InlineData("asm")]
    [InlineData("asm-no-restore")]
    public void Site_calls_every_entry_with_data_and_all_arguments_and_returns_balanced(string site)
    {
        using var run = new Run(site);

        var err = run.Go();

        Assert.Equal(UcError.Ok, err);
        Assert.Equal(run.Halt, run.Register("eip"));
        Assert.Equal(run.EntrySp + 4, run.Register("esp"));
        Assert.Equal(CalleeSaved, new[] { "ebx", "esi", "edi", "ebp" }.Select(r => (uint)run.Register(r)));
        Assert.Equal(2u, run.ReadWord(run.Probes.Symbol("tp_log_len")));
        foreach (var (record, entry) in new[] { (0, 0), (1, 2) })
        {
            var bytes = new byte[RecordSize];
            run.Engine.Read(run.Probes.Symbol("tp_log") + (ulong)(record * RecordSize), bytes);
            Assert.Equal((uint)Args, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
            Assert.Equal(Data[entry], BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
            var args = Enumerable.Range(0, Args).Select(i => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8 + 4 * i)));
            Assert.Equal(Values[..Args], args);
        }
    }

    [Fact]
    public void Controls_assemble_load_and_state_their_expectations()
    {
        var isa = new I386Backend();
        var controls = isa.Controls.ToDictionary(c => c.Name);

        Assert.Equal(
            ["callee-pop", "clobber", "fault", "frame-write", "loop", "scribble-args", "set-df", "trap", "wrong-return"],
            controls.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("unbalanced", "stack-pointer"), (controls["callee-pop"].ExpectedVerdict.ToName(), controls["callee-pop"].ExpectedViolation?.ToName()));
        Assert.Equal(("unbalanced", "callee-saved"), (controls["clobber"].ExpectedVerdict.ToName(), controls["clobber"].ExpectedViolation?.ToName()));
        Assert.Equal(("unbalanced", "caller-frame"), (controls["frame-write"].ExpectedVerdict.ToName(), controls["frame-write"].ExpectedViolation?.ToName()));
        Assert.Equal(("unbalanced", "return-address"), (controls["wrong-return"].ExpectedVerdict.ToName(), controls["wrong-return"].ExpectedViolation?.ToName()));
        Assert.Equal("trap", controls["trap"].ExpectedVerdict.ToName());
        Assert.Equal("fault", controls["fault"].ExpectedVerdict.ToName());
        Assert.Equal("timeout", controls["loop"].ExpectedVerdict.ToName());
        Assert.Equal(("balanced", 12), (controls["scribble-args"].ExpectedVerdict.ToName(), controls["scribble-args"].Args));

        using var engine = isa.CreateEngine();
        var compiler = new Compiler();
        var at = isa.KernelBase;
        foreach (var file in new[] { "stub.S" }.Concat(isa.Controls.Select(c => c.File)))
        {
            var elf = compiler.Compile(isa.Toolchain, SourceLanguage.Asm, isa.ReadSource(file), $"i386/{file}");
            var obj = new ObjectLoader(engine, new SymbolTable()).Load(elf, file, at, isa.Relocator);
            Assert.True(obj.IsExecutable(obj.Symbol("tp_stub_func")), file);
            at += 0x1_0000;
        }
        Assert.Equal("ud2", isa.DescribeTrap([0x0f, 0x0b]));
        Assert.Equal("int3", isa.DescribeTrap([0xcc]));
    }

    /// <summary>One engine with probes.o, one site and stub.S loaded, the array written and the site called.</summary>
    private sealed class Run : IDisposable
    {
        private readonly I386Backend _isa = new();
        private readonly string _site;
        private readonly LoadedObject _siteObject;
        private readonly ulong _argv;

        public Run(string site)
        {
            _site = site;
            Engine = _isa.CreateEngine();
            var compiler = new Compiler();
            var symbols = new SymbolTable();
            var loader = new ObjectLoader(Engine, symbols);
            var @base = _isa.KernelBase;
            Probes = loader.Load(compiler.Compile(_isa.Toolchain, SourceLanguage.C, HarnessSources.Probes, "probes.c"), "probes.o", @base, _isa.Relocator);
            var siteElf = site == "c"
                ? compiler.Compile(_isa.Toolchain, SourceLanguage.C, HarnessSources.Site, "site.c")
                : compiler.Compile(_isa.Toolchain, SourceLanguage.Asm, _isa.ReadSource("site.S"), "i386/site.S",
                    site == "asm-no-restore" ? ["-DTP_SITE_NO_RESTORE"] : null);
            _siteObject = new ObjectLoader(Engine, symbols.Copy()).Load(siteElf, "site.o", @base + 0x1_0000, _isa.Relocator);
            var stub = new ObjectLoader(Engine, new SymbolTable())
                .Load(compiler.Compile(_isa.Toolchain, SourceLanguage.Asm, _isa.ReadSource("stub.S"), "i386/stub.S"), "stub.o", @base + 0x2_0000, _isa.Relocator);

            var data = @base + 0x3_0000;
            Halt = data + 0x1000;
            var stackTop = data + 0x2_0000;
            Engine.Map(data, 0x1000, UcProt.Read | UcProt.Write);
            Engine.Map(Halt, 0x1000, UcProt.Read | UcProt.Exec);
            Engine.Write(Halt, _isa.HaltInstruction);
            Engine.Map(stackTop - 0x1_0000, 0x1_0000, UcProt.Read | UcProt.Write);
            Engine.Write(stackTop - 0x1_0000, Enumerable.Repeat((byte)0xa5, 0x1_0000).ToArray());

            // struct tracepoint_func[] { func, data, prio } of 12 bytes, NULL-terminated; tp->funcs at offset 8.
            var targets = new[] { Probes.Symbol($"tp_probe_{Args}"), stub.Symbol("tp_stub_func"), Probes.Symbol($"tp_probe_{Args}") };
            var array = new byte[12 * (targets.Length + 1)];
            for (var i = 0; i < targets.Length; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(array.AsSpan(12 * i), (uint)targets[i]);
                BinaryPrimitives.WriteUInt32LittleEndian(array.AsSpan(12 * i + 4), Data[i]);
                BinaryPrimitives.WriteUInt32LittleEndian(array.AsSpan(12 * i + 8), 10);
            }
            Engine.Write(data, array);
            WriteWord(Probes.Symbol("__tracepoint_tpsim") + 8, (uint)data);
            _argv = data + 0x800;
            for (var i = 0; i < Values.Length; i++)
            {
                WriteWord(_argv + (ulong)(4 * i), Values[i]);
            }

            // Stack arguments of the call (beyond eax, edx, ecx), then the return address: what `call` leaves.
            ulong[] registerArgs;
            uint[] stackArgs;
            if (site == "c")
            {
                registerArgs = [0, Values[0], Values[1]]; // __data, a1, a2
                stackArgs = Values[2..Args];
            }
            else
            {
                registerArgs = [Args, _argv];
                stackArgs = [];
            }
            var sp = stackTop - 0x400 - (ulong)(4 * stackArgs.Length);
            for (var i = 0; i < stackArgs.Length; i++)
            {
                WriteWord(sp + (ulong)(4 * i), stackArgs[i]);
            }
            sp -= 4;
            WriteWord(sp, (uint)Halt);
            EntrySp = sp;
            Engine.WriteRegister(_isa.Registers["esp"], sp);
            foreach (var (reg, value) in _isa.Abi.IntegerArguments.Zip(registerArgs))
            {
                Engine.WriteRegister(_isa.Registers[reg], value);
            }
            foreach (var (reg, value) in _isa.Abi.CalleeSavedGeneral.Zip(CalleeSaved))
            {
                Engine.WriteRegister(_isa.Registers[reg], value);
            }
        }

        public Engine Engine { get; }

        public LoadedObject Probes { get; }

        public ulong Halt { get; }

        public ulong EntrySp { get; }

        public UcError Go() => Engine.Run(
            _site == "c" ? _siteObject.Symbol($"__traceiter_tpsim_{Args}") : _siteObject.Symbol("tp_asm_site"),
            Halt, 100_000);

        public ulong Register(string name) => Engine.ReadRegister(_isa.Registers[name]);

        public uint ReadWord(ulong address)
        {
            var bytes = new byte[4];
            Engine.Read(address, bytes);
            return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        }

        private void WriteWord(ulong address, uint value)
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
            Engine.Write(address, bytes);
        }

        public void Dispose() => Engine.Dispose();
    }
}

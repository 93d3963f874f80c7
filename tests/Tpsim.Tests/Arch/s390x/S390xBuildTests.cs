using Tpsim.Emulator.Sources;
using Tpsim.Arch.S390x;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim;
using Xunit;

namespace Tpsim.Tests.Arch.S390x;

/// <summary>The s390x builds: the kernel's flags for both compilers, and which configs exist for it.</summary>
public sealed class S390xBuildTests
{
    private static readonly S390xBackend Isa = new();

    [Theory]
    [InlineData("clang", "default", true)]
    [InlineData("gcc", "default", true)]
    [InlineData("clang", "size", true)]
    [InlineData("gcc", "frame-pointer", true)]
    [InlineData("clang", "ftrace", true)]
    [InlineData("gcc", "ftrace", true)]
    [InlineData("clang", "kcfi", false)]
    [InlineData("gcc", "ibt", false)]
    [InlineData("clang", "pac-bti", false)]
    [InlineData("clang", "scs", false)]
    [InlineData("gcc", "stdcall", false)]
    public void Config_applies_only_where_the_s390_kernel_has_it(string compiler, string config, bool applies)
    {
        Assert.True(CompilerKinds.TryParse(compiler, out var kind));
        Assert.True(BuildConfigs.TryGet(config, out var cfg));
        var flags = Isa.Toolchain.FlagsFor(new BuildSpec(kind, cfg), out var reason);
        Assert.Equal(applies, flags is not null);
        Assert.Equal(applies, reason is null);
        Assert.Equal(applies, Isa.Toolchain.Configs.ContainsKey(config));
    }

    [Theory]
    [InlineData("clang", "clang-19 --target=s390x-unknown-linux-gnu ")]
    [InlineData("gcc", "s390x-linux-gnu-gcc ")]
    public void Both_compilers_get_the_kernel_s_s390_flags(string compiler, string start)
    {
        Assert.True(CompilerKinds.TryParse(compiler, out var kind));
        var line = new Compiler().CommandLine(new BuildSpec(kind, BuildConfigs.Ftrace), Isa.Toolchain, SourceLanguage.C, "site.c");
        Assert.StartsWith(start, line, StringComparison.Ordinal);
        foreach (var flag in new[] { "-march=z10", "-mpacked-stack", "-mbackchain", "-msoft-float", "-fno-pic", "-O2", "-pg", "-mfentry", "-mnop-mcount", "-mrecord-mcount" })
        {
            Assert.Contains($" {flag} ", line, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("clang")]
    [InlineData("gcc")]
    public void An_ftrace_build_starts_every_function_with_a_6_byte_nop_listed_in_mcount_loc(string compiler)
    {
        Assert.True(CompilerKinds.TryParse(compiler, out var kind));
        var elf = new Compiler().Compile(new BuildSpec(kind, BuildConfigs.Ftrace), Isa.Toolchain, SourceLanguage.C, GuestSources.Stub, "stub.c");
        Assert.Contains("Relocation section '.rela__mcount_loc'", ReadElf.Relocations(elf));
        using var engine = Isa.CreateEngine();
        var obj = new ObjectLoader(engine, new SymbolTable()).Load(elf, "stub.o", Isa.KernelBase, Isa.Relocator);

        var entry = new byte[6];
        engine.Read(obj.Symbol("tp_stub_func"), entry);
        Assert.Equal("c00400000000", Convert.ToHexString(entry).ToLowerInvariant()); // brcl 0,0
        // __mcount_loc holds the entry's address, written big-endian by R_390_64.
        Assert.Equal(obj.Symbol("tp_stub_func"), engine.ReadWord(obj.Section("__mcount_loc").Address, 8, ByteOrder.BigEndian));
    }
}

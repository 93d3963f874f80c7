using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Xunit;

namespace Tpsim.Tests.Emulator.Toolchain;

/// <summary>Which builds apply where, the exact command lines recorded, and the message for a missing cross compiler.</summary>
public sealed class BuildApplicabilityTests
{
    [Theory]
    [InlineData("x86_64", "clang", "ibt", true)]
    [InlineData("arm64", "clang", "ibt", false)]
    [InlineData("arm64", "gcc", "pac-bti", true)]
    [InlineData("riscv64", "clang", "pac-bti", false)]
    [InlineData("arm64", "clang", "scs", true)]
    [InlineData("x86_64", "clang", "scs", false)]
    [InlineData("x86_64", "clang", "kcfi", true)]
    [InlineData("riscv64", "gcc", "kcfi", false)]
    [InlineData("riscv64", "gcc", "ftrace", true)]
    public void Config_applies_only_where_the_kernel_has_it(string isa, string compiler, string config, bool applies)
    {
        Assert.True(CompilerKinds.TryParse(compiler, out var kind));
        Assert.True(BuildConfigs.TryGet(config, out var cfg));
        var flags = Isas.Create(isa).Toolchain.FlagsFor(new BuildSpec(kind, cfg), out var reason);
        Assert.Equal(applies, flags is not null);
        Assert.Equal(applies, reason is null);
    }

    [Fact]
    public void Gcc_command_line_names_the_cross_compiler_and_the_config_flags()
    {
        var arm64 = Isas.Create("arm64");
        var line = new Compiler().CommandLine(new BuildSpec(CompilerKind.Gcc, BuildConfigs.Size), arm64.Toolchain, SourceLanguage.C, "site.c");
        Assert.StartsWith("aarch64-linux-gnu-gcc ", line, StringComparison.Ordinal);
        Assert.Contains(" -O2 ", line, StringComparison.Ordinal);
        Assert.Contains(" -Os ", line, StringComparison.Ordinal);
        Assert.Contains(" -ffixed-x18 ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("--target", line, StringComparison.Ordinal);
        Assert.Contains(" -c site.c -o out.o", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Clang_command_line_has_the_target_and_kcfi()
    {
        var line = new Compiler().CommandLine(new BuildSpec(CompilerKind.Clang, BuildConfigs.Kcfi), Isas.Create("riscv64").Toolchain, SourceLanguage.C, "stub.c");
        Assert.StartsWith("clang-19 --target=riscv64-unknown-linux-gnu ", line, StringComparison.Ordinal);
        Assert.Contains(" -fsanitize=kcfi ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Assembly_is_assembled_as_is_whatever_the_build()
    {
        var isa = Isas.Create("x86_64");
        var compiler = new Compiler();
        var plain = compiler.CommandLine(BuildSpec.Default, isa.Toolchain, SourceLanguage.Asm, "stub.S");
        var gcc = compiler.CommandLine(new BuildSpec(CompilerKind.Gcc, BuildConfigs.Ftrace), isa.Toolchain, SourceLanguage.Asm, "stub.S");
        Assert.Equal(plain, gcc);
    }

    [Fact]
    public void A_missing_cross_compiler_names_its_debian_package()
    {
        var isa = Isas.Create("arm64");
        var settings = isa.Toolchain with { GccDriver = "tpsim-test-no-such-gcc", GccPackage = "gcc-tpsim-test-package" };
        var ex = Assert.Throws<ToolchainException>(() =>
            new Compiler().Compile(new BuildSpec(CompilerKind.Gcc, BuildConfigs.Default), settings, SourceLanguage.C, "int x;", "x.c"));
        Assert.Contains("tpsim-test-no-such-gcc was not found on PATH", ex.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y gcc-tpsim-test-package", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_build_that_does_not_apply_is_refused_with_the_reason()
    {
        var ex = Assert.Throws<ToolchainException>(() =>
            new Compiler().Compile(new BuildSpec(CompilerKind.Gcc, BuildConfigs.Kcfi), Isas.Create("x86_64").Toolchain, SourceLanguage.C, "int x;", "x.c"));
        Assert.Contains("clang only", ex.Message, StringComparison.Ordinal);
    }
}

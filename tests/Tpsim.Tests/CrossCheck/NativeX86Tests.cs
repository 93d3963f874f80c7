using Tpsim.Arch.X86_64;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.CrossCheck;
using Tpsim.KernelSim.Proof;
using Tpsim.Tests.Proof;
using Xunit;

namespace Tpsim.Tests.CrossCheck;

/// <summary>
/// The host CPU as an executor independent of Unicorn: the same objects linked with a hand-written
/// harness and run natively must reach the verdict tpsim reaches, balanced cases balanced and every
/// negative control not balanced, with the same violation kind where the native harness can name it.
/// </summary>
public sealed class NativeX86Tests(RunnerFixture<X86_64Backend> fixture) : IClassFixture<RunnerFixture<X86_64Backend>>
{
    private readonly NativeX86Executor _native = new(fixture.Isa, new Compiler(), TimeSpan.FromSeconds(1));

    [Theory]
    [InlineData("x86_64/c-site/stub.c/stub-middle/args0")]
    [InlineData("x86_64/c-site/stub.c/stub-first/args6")]
    [InlineData("x86_64/c-site/stub.S/stub-last/args7")]
    [InlineData("x86_64/c-site/stub.c/all-stubs/args12")]
    [InlineData("x86_64/c-site/stub.S/single-stub/args12")]
    [InlineData("x86_64/asm-site/stub.c/stub-middle/args0")]
    [InlineData("x86_64/asm-site/stub.S/stub-first/args6")]
    [InlineData("x86_64/asm-site/stub.c/stub-last/args7")]
    [InlineData("x86_64/asm-site/stub.S/stub-middle/args12")]
    public void Balanced_case_is_balanced_natively_and_in_tpsim(string name)
    {
        // The host CPU is the oracle: on any other host this is a failure, never a silent pass.
        Assert.True(NativeX86Executor.HostSupported, "the native cross-check needs an x86_64 Linux host");
        var c = fixture.Cases[name];
        var native = _native.Run(c);
        var emulated = fixture.Runner.Run(c);
        Assert.True(native.Verdict == Verdict.Balanced, $"{name}: native {native}");
        Assert.Equal(emulated.Verdict, native.Verdict);
    }

    [Theory]
    [InlineData("callee-pop", "c", ViolationKinds.StackPointer)]
    [InlineData("callee-pop", "asm", ViolationKinds.StackPointer)]
    [InlineData("clobber", "c", ViolationKinds.CalleeSaved)]
    [InlineData("clobber", "asm", ViolationKinds.CalleeSaved)]
    [InlineData("wrong-return", "c", ViolationKinds.ReturnAddress)]
    [InlineData("wrong-return", "asm", ViolationKinds.ReturnAddress)]
    [InlineData("frame-write", "c", ViolationKinds.CallerFrame)]
    [InlineData("frame-write", "asm", ViolationKinds.CallerFrame)]
    [InlineData("loop", "c", null)]
    [InlineData("loop", "asm", null)]
    [InlineData("trap", "c", null)]
    [InlineData("fault", "asm", null)]
    public void Negative_control_is_not_balanced_natively(string control, string site, string? kind)
    {
        // The host CPU is the oracle: on any other host this is a failure, never a silent pass.
        Assert.True(NativeX86Executor.HostSupported, "the native cross-check needs an x86_64 Linux host");
        var c = fixture.Cases.Values.Single(x => x.Stub.Name == $"control:{control}" && StubMatrix.SiteName(x.Site) == site);
        var native = _native.Run(c);
        var emulated = fixture.Runner.Run(c);
        Assert.NotEqual(Verdict.Balanced, native.Verdict);
        Assert.True(emulated.Verdict == native.Verdict, $"{control}/{site}: native {native}, tpsim {emulated.Verdict.ToName()}");
        if (kind is not null)
        {
            Assert.Equal(kind, native.ViolationKind);
            Assert.Equal(kind, emulated.Violations[0].Kind);
            // The stub sits in the middle of [probe, stub, probe]: call 1 violates in both.
            Assert.Equal(1, native.Call);
        }
    }

    [Fact]
    public void Scribbled_arguments_are_caught_natively_only_through_the_site_that_does_not_restore_them()
    {
        // The host CPU is the oracle: on any other host this is a failure, never a silent pass.
        Assert.True(NativeX86Executor.HostSupported, "the native cross-check needs an x86_64 Linux host");
        foreach (var c in fixture.Cases.Values.Where(x => x.Stub.Name == $"control:{StubMatrix.ScribbleControl}"))
        {
            var native = _native.Run(c);
            Assert.True(c.Expected == native.Verdict, $"{c.Name}: native {native}");
            if (c.Site == SiteKind.AsmNoRestore)
            {
                Assert.Equal(ViolationKinds.Argument, native.ViolationKind);
                Assert.Equal(2, native.Call);
            }
        }
    }
}

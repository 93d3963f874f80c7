using Tpsim.Emulator.Toolchain;
using Tpsim.Linux;
using Tpsim.Linux.Build;
using Tpsim.Linux.Trees;
using Xunit;

namespace Tpsim.Tests.Linux.Build;

/// <summary>
/// The simulated kernel's per-ISA C flags against the command line kbuild itself used for kernel/tracepoint.o (its
/// <c>.tracepoint.o.cmd</c>, what <c>make V=1</c> prints), for the flags that decide calling convention and code
/// shape: code model, ABI, architecture, red zone, general-registers-only, fixed registers. Every difference is listed
/// here with its reason; a new drift, or a fix, fails the test until this list says so.
/// </summary>
[Collection(KernelBuildCollection.Name)]
public sealed class ModelFlagsTests
{
    private static readonly KernelCache Cache = new(Compiler.DefaultCacheDirectory());

    private static readonly string[] Families = ["-mcmodel=", "-mabi=", "-march=", "-mno-red-zone", "-mgeneral-regs-only", "-ffixed-", "-mno-sse", "-msoft-float"];

    /// <summary>Known differences, model flag on the left, kbuild's on the right ("" for absent).</summary>
    public static TheoryData<string, string[]> Known() => new()
    {
        { "x86_64", [] },
        // small is clang's default code model on arm64, which kbuild leaves implicit (the same code). 6.12 reserves x18
        // only with SHADOW_CALL_STACK; the model reserves it always (its scs config needs it), and a real kernel's
        // monitor frees it outside scs (KernelRuntime.UnreservedRegisters).
        { "arm64", ["-mcmodel=small | ", "-ffixed-x18 | "] },
        // Corrected: the model's C is kbuild's rv64imac with lp64 (its assembly keeps F/D, as kbuild's does).
        { "riscv64", [] },
        // The model stays ELFv1 (function descriptors; a kernel configuration 6.12 still has, PPC64_ELF_ABI_V1 with GCC and
        // EXPERT). ppc64_defconfig builds ELFv2 (PPC64_BIG_ENDIAN_ELF_ABI_V2), which the real kernel runs under.
        { "ppc64", ["-mabi=elfv1 | -mabi=elfv2"] },
    };

    [Theory]
    [MemberData(nameof(Known))]
    public void The_models_flags_match_kbuilds_but_for_the_listed_differences(string name, string[] known)
    {
        var isa = Isas.Create(name);
        var tree = new KernelTrees(Cache).Open(KernelSpec.Parse("linux-6.12"));
        var build = new KernelBuilds(Cache).Prepare(tree, isa, BuildSpec.Default);
        var cmd = File.ReadAllLines(Path.Combine(build.Directory, "kernel", ".tracepoint.o.cmd")).First(l => l.StartsWith("savedcmd_", StringComparison.Ordinal));
        var kbuild = cmd.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var model = isa.Toolchain.FlagsFor(BuildSpec.Default, out _)!.ToHashSet(StringComparer.Ordinal);
        var differences = new List<string>();
        foreach (var family in Families)
        {
            var m = string.Join(' ', model.Where(f => f.StartsWith(family, StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            var k = string.Join(' ', kbuild.Where(f => f.StartsWith(family, StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            if (m != k)
            {
                differences.Add($"{m} | {k}");
            }
        }
        Assert.Equal(known, differences);
    }
}

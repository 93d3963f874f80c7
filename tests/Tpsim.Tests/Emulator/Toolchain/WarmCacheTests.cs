using Tpsim.Harness.Sources;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim;
using Xunit;

namespace Tpsim.Tests.Emulator.Toolchain;

/// <summary>A warm full grid spawns no compiler: every build's objects come from the content-keyed cache.</summary>
public sealed class WarmCacheTests
{
    [Fact]
    public void Second_pass_over_every_build_spawns_no_compiler()
    {
        var cache = Directory.CreateTempSubdirectory("tpsim-warm-");
        try
        {
            var cold = new Compiler(cache.FullName);
            var warm = new Compiler(cache.FullName);
            var builds = 0;
            foreach (var pass in new[] { cold, warm })
            {
                builds = 0;
                foreach (var name in Isas.MatrixNames)
                {
                    var isa = Isas.Create(name);
                    foreach (var kind in CompilerKinds.All)
                    {
                        foreach (var config in BuildConfigs.All)
                        {
                            var build = new BuildSpec(kind, config);
                            if (!build.IsDefault && isa.Toolchain.FlagsFor(build, out _) is null)
                            {
                                continue;
                            }
                            pass.Compile(build, isa.Toolchain, SourceLanguage.C, HarnessSources.Probes, "probes.c");
                            builds++;
                        }
                    }
                }
            }
            Assert.True(builds > 20, $"only {builds} builds apply");
            Assert.Equal(builds, cold.ProcessesSpawned);
            Assert.Equal(0, warm.ProcessesSpawned);
        }
        finally
        {
            cache.Delete(recursive: true);
        }
    }
}

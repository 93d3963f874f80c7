using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Cases;
using Tpsim.Harness.Generation;

namespace Tpsim.Cli.Commands;

/// <summary>The one stub case that <c>check</c> and <c>explain</c> options name: the user's stub or a generated case.</summary>
public static class CaseSelection
{
    public static (IsaBackend Isa, BuildSpec Build, StubCase Case) Resolve(CaseSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var isa = IsaCatalog.Resolve(settings.Arch ?? throw CliErrors.MissingOption("--arch", string.Join(", ", IsaCatalog.Names)));
        var build = BuildCatalog.ResolveOne(settings.Compiler, settings.Config, isa);
        if (settings.Generated is { } spec)
        {
            if (settings.Stub is not null || settings.Args is not null || settings.Site is not null)
            {
                throw CliErrors.GeneratedExcludes();
            }
            if (!GeneratedCase.TryParse(spec, out var generated, out var error))
            {
                throw CliErrors.BadGeneratedCase(spec, error!);
            }
            if (GeneratedCase.NotApplicable(build) is { } why)
            {
                throw CliErrors.BuildNotApplicable(build.Name, isa.Name, why);
            }
            return (isa, build, generated!.ToStubCase(isa, build));
        }
        var stubPath = settings.Stub ?? throw CliErrors.MissingOption("--stub", "a .S or .c file defining tp_stub_func, or --generated SPEC");
        var args = OptionParsing.Args(settings.Args);
        var site = OptionParsing.Site(settings.Site);
        return (isa, build, StubMatrix.UserCase(isa, StubFiles.Read(stubPath), args, site, build));
    }
}

using Tpsim.Emulator.Sources;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Harness.Cases;

/// <summary>The cases of <c>tpsim matrix</c>: stubs in every array position for 0..12 arguments, plus negative controls.</summary>
public static class StubMatrix
{
    public const int MaxArgs = 12;

    private const ArrayEntry P = ArrayEntry.Probe;
    private const ArrayEntry S = ArrayEntry.Stub;

    /// <summary>Where a stub can sit once removals have failed: first, middle, last, everywhere, alone.</summary>
    public static readonly IReadOnlyList<ArrayShape> Shapes =
    [
        new("stub-first", [S, P, P]),
        new("stub-middle", [P, S, P]),
        new("stub-last", [P, P, S]),
        new("all-stubs", [S, S, S]),
        new("single-stub", [S]),
    ];

    /// <summary>The array controls run in: a stub between two probes, so the probe after it proves the site still passes arguments right.</summary>
    public static readonly ArrayShape ControlShape = new("probe-stub-probe", [P, S, P]);

    /// <summary>The stub as the kernel compiles it, and the hand-written one.</summary>
    public static IReadOnlyList<StubSource> Stubs(IsaBackend isa) =>
    [
        new("stub.c", "stub.c", GuestSources.Stub, SourceLanguage.C),
        new("stub.S", $"{isa.Name}/stub.S", isa.ReadSource("stub.S"), SourceLanguage.Asm),
    ];

    /// <summary>The sites every stub is called through; <see cref="SiteKind.AsmNoRestore"/> is a control, not a site under test.</summary>
    public static readonly IReadOnlyList<SiteKind> Sites = [SiteKind.C, SiteKind.Asm];

    /// <summary>The control whose stub legally overwrites its incoming stack arguments, and so exposes a site that does not re-store them.</summary>
    public const string ScribbleControl = "scribble-args";

    public static string SiteName(SiteKind site) => site switch
    {
        SiteKind.C => "c",
        SiteKind.Asm => "asm",
        SiteKind.Kernel => "kernel",
        _ => "asm-no-restore",
    };

    /// <summary>The cases of one build; the default build keeps the historical names without a build segment.</summary>
    public static IReadOnlyList<StubCase> Build(IsaBackend isa, BuildSpec? build = null)
    {
        build ??= BuildSpec.Default;
        var prefix = build.IsDefault ? isa.Name : $"{isa.Name}/{build.Name}";
        var cases = new List<StubCase>();
        // Under a callee-pop build only the C site follows the convention; site.S is written for caller-pops.
        var sites = build.Config == BuildConfigs.Stdcall ? [SiteKind.C] : Sites;
        foreach (var site in sites)
        {
            var siteName = SiteName(site);
            foreach (var stub in Stubs(isa))
            {
                foreach (var shape in Shapes)
                {
                    for (var n = 0; n <= MaxArgs; n++)
                    {
                        var (verdict, trapKind) = Expectation(build, site, shape);
                        var violation = (ViolationKind?)null;
                        if (CalleePopMismatch(isa, build, shape, n))
                        {
                            (verdict, violation) = (Verdict.Unbalanced, ViolationKind.StackPointer);
                        }
                        cases.Add(new($"{prefix}/{siteName}-site/{stub.Name}/{shape.Name}/args{n}", isa, n, shape, site, stub, verdict, violation)
                        {
                            Build = build,
                            ExpectedTrapKind = trapKind,
                        });
                    }
                }
            }
        }
        foreach (var control in isa.Controls)
        {
            var expected = control.ExpectedVerdict;
            var stub = new StubSource($"control:{control.Name}", $"{isa.Name}/{control.File}", isa.ReadSource(control.File), SourceLanguage.Asm);
            foreach (var site in sites)
            {
                // Under kcfi the C site rejects the control before it runs: that is the kcfi verdict, not the control's.
                var (verdict, trapKind) = Expectation(build, site, ControlShape);
                if (trapKind is null && build.Config == BuildConfigs.PacBti && control.Name == NoLandingPadControl)
                {
                    // Under pac-bti BTI is real on arm64: the site's blr to a stub without a landing pad is a bti trap.
                    (verdict, trapKind) = (Verdict.Trap, TrapKind.Bti);
                }
                var (controlVerdict, controlViolation) = (expected, control.ExpectedViolation);
                if (expected == Verdict.Balanced && CalleePopMismatch(isa, build, ControlShape, control.Args))
                {
                    // A control that is balanced under caller-pops leaves the stack arguments behind under callee-pop.
                    (controlVerdict, controlViolation) = (Verdict.Unbalanced, ViolationKind.StackPointer);
                }
                cases.Add(new($"{prefix}/{SiteName(site)}-site/control:{control.Name}/args{control.Args}", isa, control.Args, ControlShape, site, stub,
                    trapKind is null ? controlVerdict : verdict, trapKind is null ? controlViolation : null)
                {
                    Build = build,
                    ExpectedTrapKind = trapKind,
                });
            }
            if (control.Name == ScribbleControl && sites.Contains(SiteKind.Asm))
            {
                // The probe after the stub must then see the scribbled values: the argument check failing.
                cases.Add(new($"{prefix}/{SiteName(SiteKind.AsmNoRestore)}-site/control:{control.Name}/args{control.Args}", isa, control.Args, ControlShape, SiteKind.AsmNoRestore, stub, Verdict.Unbalanced, ViolationKind.Argument)
                {
                    Build = build,
                });
            }
        }
        return cases;
    }

    /// <summary>A user's stub in a [probe, stub, probe] array, as <c>tpsim check</c> runs it.</summary>
    public static StubCase UserCase(IsaBackend isa, StubSource stub, int args, SiteKind site, BuildSpec? build = null) =>
        new($"{isa.Name}/user/{stub.Name}/{SiteName(site)}/args{args}", isa, args,
            ControlShape, site, stub, Verdict.Balanced, null)
        {
            Build = build ?? BuildSpec.Default,
        };

    /// <summary>
    /// The arm64 control that corrupts a PAC bit of its signed return address: a fetch fault in every build,
    /// at the flipped address where PAC is a NOP and at the poisoned one where it is real (pac-bti).
    /// </summary>
    public const string PacCorruptControl = "pac-corrupt";

    /// <summary>
    /// The arm64 control whose entry is not a BTI landing pad: balanced where the bti hints are NOPs, a "bti"
    /// trap at its first instruction under pac-bti, which enforces BTI.
    /// </summary>
    public const string NoLandingPadControl = "no-landing-pad";

    /// <summary>
    /// Under a callee-pop build (stdcall) the site leaves stack-argument clean-up to the callee, and a stub
    /// that pops nothing returns with SP short by the stack arguments: caught at the stub's own return.
    /// </summary>
    private static bool CalleePopMismatch(IsaBackend isa, BuildSpec build, ArrayShape shape, int args) =>
        build.Config == BuildConfigs.Stdcall && shape.Entries.Contains(ArrayEntry.Stub) && isa.Abi.StackArgumentCount(args + 1) > 0;

    /// <summary>
    /// What a case must show under its build. Under kcfi the C site checks each target's type hash, and a stub
    /// is never of the site's type, so the first stub call is a kcfi trap; the hand-written site has no check.
    /// </summary>
    private static (Verdict Verdict, TrapKind? TrapKind) Expectation(BuildSpec build, SiteKind site, ArrayShape shape) =>
        build.Config == BuildConfigs.Kcfi && site == SiteKind.C && shape.Entries.Contains(ArrayEntry.Stub)
            ? (Verdict.Trap, Emulator.Checking.TrapKind.Kcfi)
            : (Verdict.Balanced, null);
}

using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Tracing;
using Tpsim.KernelSim.Kernel;
using Tpsim.KernelSim.Machine;

namespace Tpsim.KernelSim.Scenarios.Running;

/// <summary>Step statuses as JSON spells them.</summary>
public static class StepStatus
{
    public const string Ok = "ok";
    public const string Skipped = "skipped";
    public const string Failed = "failed";
}

/// <summary>What one scenario line did on one ISA with one strategy.</summary>
/// <param name="Status"><see cref="StepStatus"/>: ok, skipped (a <c>when</c> excluded this strategy) or failed (an expectation).</param>
public sealed record StepResult(int Line, string Command, string Status)
{
    /// <summary>register/unregister result, or a module init's int result.</summary>
    public long? Return { get; init; }

    /// <summary>How emulated code ran for load (init), unload (exit) or fire.</summary>
    public RunOutcome? Run { get; init; }

    /// <summary>For a fire: the entries the iterator called, in order (MODULE.PROBE or stub).</summary>
    public IReadOnlyList<string>? Calls { get; init; }

    public string? Tracepoint { get; init; }

    /// <summary>The affected tracepoint's funcs array after the step, for steps that can change it.</summary>
    public IReadOnlyList<string>? Array { get; init; }

    /// <summary>For register/unregister: the kernel services that may sleep the call reached (cond_synchronize_rcu, ...).</summary>
    public IReadOnlyList<string> Sleeps { get; init; } = [];

    /// <summary>For the fire <c>--explain</c> names: every instruction it ran (<see cref="ExplainedCall"/> is the call explained).</summary>
    public CallTrace? Trace { get; init; }

    public int ExplainedCall { get; init; }

    /// <summary>Kernel messages the step logged.</summary>
    public IReadOnlyList<KernelMessage> Dmesg { get; init; } = [];

    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>For a failed expectation: what the line asked for and what the machine showed.</summary>
    public string? Expected { get; init; }

    public string? Actual { get; init; }
}

/// <summary>One expectation that did not hold.</summary>
public sealed record ExpectationFailure(int Line, string Expectation, string Expected, string Actual);

/// <summary>A scenario run on one ISA with one strategy.</summary>
public sealed record ScenarioRun(string Arch, string Strategy, IReadOnlyList<StepResult> Steps, IReadOnlyList<ExpectationFailure> Failures)
{
    /// <summary>The compiler and config the kernel image and modules were built with.</summary>
    public BuildSpec Build { get; init; } = BuildSpec.Default;

    public bool Passed => Failures.Count == 0;

    /// <summary>The real kernel the run used (<c>--kernel</c>), or null for the simulated kernel.</summary>
    public RealKernel? Kernel { get; init; }
}

/// <summary>A real kernel a scenario ran on: the <c>--kernel</c> value, the tree's version and where the tree is.</summary>
public sealed record RealKernel(string Spec, string Version, string Tree, IReadOnlyList<string> Patches);

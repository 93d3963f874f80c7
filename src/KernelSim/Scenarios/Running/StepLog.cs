using Tpsim.KernelSim.Kernel;

namespace Tpsim.KernelSim.Scenarios.Running;

/// <summary>
/// What every scenario runner (the simulated kernel's, a real tree's) does around its own steps: skip the lines a
/// <c>when</c> excludes, record each step with the kernel messages it logged, remember the last action's messages for
/// <c>expect dmesg</c>, and compare expectations without throwing.
/// </summary>
public sealed class StepLog(Dmesg dmesg)
{
    private readonly List<StepResult> _steps = [];
    private readonly List<ExpectationFailure> _failures = [];

    public IReadOnlyList<StepResult> Steps => _steps;

    public IReadOnlyList<ExpectationFailure> Failures => _failures;

    /// <summary>Messages of the last step that was not an expectation.</summary>
    public IReadOnlyList<KernelMessage> LastDmesg { get; private set; } = [];

    /// <summary>Runs every step of <paramref name="scenario"/> that applies to the strategy and config.</summary>
    public void RunAll(Scenario scenario, string strategy, string config, Func<ScenarioStep, StepResult> execute)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(execute);
        foreach (var step in scenario.Steps)
        {
            if (!step.AppliesTo(strategy, config))
            {
                _steps.Add(new StepResult(step.Line, step.Text, StepStatus.Skipped));
                continue;
            }
            var mark = dmesg.Count;
            var result = execute(step);
            var logged = dmesg.Since(mark);
            if (step is not (ExpectReturnStep or ExpectCallsStep or ExpectArrayStep or ExpectVerdictStep or ExpectDmesgStep or ExpectTrapStep))
            {
                LastDmesg = logged;
            }
            _steps.Add(result with { Dmesg = logged });
        }
    }

    /// <summary>An expectation's result: ok when the strings match, else failed and recorded.</summary>
    public StepResult Expect(ScenarioStep s, string expected, string actual)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (expected == actual)
        {
            return Ok(s) with { Expected = expected, Actual = actual };
        }
        _failures.Add(new ExpectationFailure(s.Line, s.Text, expected, actual));
        return new StepResult(s.Line, s.Text, StepStatus.Failed) { Expected = expected, Actual = actual };
    }

    /// <summary><c>expect dmesg</c>: the kinds the last action logged, as a sorted set.</summary>
    public StepResult ExpectDmesg(ExpectDmesgStep s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Expect(s, List(s.Kinds.Order(StringComparer.Ordinal).Distinct()), List(LastDmesg.Select(m => m.Kind).Distinct().Order(StringComparer.Ordinal)));
    }

    public static StepResult Ok(ScenarioStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new(step.Line, step.Text, StepStatus.Ok);
    }

    /// <summary>Items as expectation lines spell them: space-separated, or "(none)".</summary>
    public static string List(IEnumerable<string> items) => items.Any() ? string.Join(' ', items) : "(none)";

    /// <summary><c>fail-alloc [N] [path=NAME]</c> on either kernel's heap: the next N allocations, or the next N of that path.</summary>
    public static StepResult FailAlloc(Memory.AllocationFaults faults, FailAllocStep s)
    {
        ArgumentNullException.ThrowIfNull(faults);
        ArgumentNullException.ThrowIfNull(s);
        if (s.Path is { } path)
        {
            faults.FailPath(path, s.Count);
        }
        else
        {
            faults.FailNext(s.Count);
        }
        return Ok(s);
    }

    /// <summary>A source module's C text; a file that cannot be read is a runtime error naming the step's line and the path.</summary>
    public static string ReadModuleSource(Scenario scenario, ScenarioStep s, string path)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(s);
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioRuntimeException(scenario.File, s.Line, path, $"cannot read module source: {ex.Message}", ex);
        }
    }
}

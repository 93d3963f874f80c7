using Tpsim.Emulator.Toolchain;
using System.Text.Json;
using Tpsim.Emulator.Checking;
using Tpsim.KernelSim.Kernel;
using Tpsim.KernelSim.Scenarios;
using Tpsim.KernelSim.Scenarios.Running;

namespace Tpsim.Cli.Reports;

/// <summary><c>scenario --format json</c>: every run, every step with its result, every failed expectation with its line.</summary>
public static class ScenarioJsonReport
{
    public static void Write(Stream stream, Scenario scenario, IReadOnlyList<ScenarioRun> runs)
    {
        using var w = ResultJson.CreateWriter(stream);
        w.WriteStartObject();
        w.WriteString("scenario", scenario.Name);
        w.WriteString("file", scenario.File);
        w.WriteStartArray("runs");
        foreach (var run in runs)
        {
            WriteRun(w, run);
        }
        w.WriteEndArray();
        w.WriteStartObject("summary");
        w.WriteNumber("runs", runs.Count);
        w.WriteNumber("passed", runs.Count(r => r.Passed));
        w.WriteNumber("failed", runs.Count(r => !r.Passed));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void WriteRun(Utf8JsonWriter w, ScenarioRun run)
    {
        w.WriteStartObject();
        w.WriteString("arch", run.Arch);
        w.WriteString("strategy", run.Strategy);
        w.WriteString("compiler", run.Build.Compiler.ToName());
        w.WriteString("config", run.Build.Config.Name);
        if (run.Kernel is { } kernel)
        {
            ResultJson.WriteKernel(w, kernel, run.Build);
        }
        w.WriteBoolean("passed", run.Passed);
        w.WriteStartArray("steps");
        foreach (var step in run.Steps)
        {
            WriteStep(w, step, run.Arch);
        }
        w.WriteEndArray();
        w.WriteStartArray("failures");
        foreach (var f in run.Failures)
        {
            w.WriteStartObject();
            w.WriteNumber("line", f.Line);
            w.WriteString("expectation", f.Expectation);
            w.WriteString("expected", f.Expected);
            w.WriteString("actual", f.Actual);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteStep(Utf8JsonWriter w, StepResult step, string arch)
    {
        w.WriteStartObject();
        w.WriteNumber("line", step.Line);
        w.WriteString("command", step.Command);
        w.WriteString("status", step.Status);
        if (step.Return is { } ret)
        {
            w.WriteString("return", Errno.Name(ret));
            w.WriteNumber("returnValue", ret);
        }
        if (step.Tracepoint is { } tp)
        {
            w.WriteString("tracepoint", tp);
        }
        if (step.Array is { } array)
        {
            WriteStrings(w, "array", array);
        }
        if (step.Calls is { } calls)
        {
            WriteStrings(w, "calls", calls);
        }
        if (step.Run is { } run)
        {
            w.WriteStartObject("run");
            if (run.Instructions is { } instructions)
            {
                w.WriteNumber("instructions", instructions);
            }
            ResultJson.WriteEvidence(w, new CaseResult(run.Verdict, run.Violations, run.Trap, run.Fault, step.Calls?.Count ?? 0, run.Notes));
            w.WriteEndObject();
        }
        if (step.Expected is { } expected)
        {
            w.WriteString("expected", expected);
            w.WriteString("actual", step.Actual);
        }
        // Sleeping in atomic context, bad frees and oopses are violations of kernel rules, listed apart from the log.
        if (step.Dmesg.Any(m => m.IsViolation))
        {
            w.WriteStartArray("kernelViolations");
            foreach (var m in step.Dmesg.Where(m => m.IsViolation))
            {
                w.WriteStartObject();
                w.WriteString("kind", m.Kind);
                w.WriteString("text", m.Text);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (step.Sleeps.Count > 0)
        {
            // Services that may sleep the register/unregister reached: the strategies table's "removal may sleep".
            WriteStrings(w, "sleeps", step.Sleeps);
        }
        if (step.Dmesg.Count > 0)
        {
            w.WriteStartArray("dmesg");
            foreach (var m in step.Dmesg)
            {
                w.WriteStartObject();
                w.WriteString("kind", m.Kind);
                w.WriteString("text", m.Text);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (step.Notes.Count > 0)
        {
            WriteStrings(w, "notes", step.Notes);
        }
        if (step.Trace is { } trace)
        {
            // scenario --explain LINE: the fire instruction by instruction, as explain writes a case.
            w.WriteStartObject("explain");
            ExplainJsonReport.WriteTrace(w, IsaCatalog.Resolve(arch), trace, step.ExplainedCall);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }
        w.WriteEndArray();
    }
}

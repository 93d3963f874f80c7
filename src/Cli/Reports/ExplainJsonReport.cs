using System.Text.Json;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Tracing;
using Tpsim.Harness.Cases;
using Tpsim.Harness.Running;

namespace Tpsim.Cli.Reports;

/// <summary>
/// <c>explain --format json</c>: the case and its evidence as <c>check</c> writes them, the explained call, its
/// <c>steps</c> (site and call, in order) and its <c>frame</c> before and after.
/// </summary>
public static class ExplainJsonReport
{
    public static void Write(Stream stream, CaseExplanation explanation)
    {
        ArgumentNullException.ThrowIfNull(explanation);
        var c = explanation.Case;
        using var w = ResultJson.CreateWriter(stream);
        w.WriteStartObject();
        w.WriteString("arch", c.Isa.Name);
        w.WriteNumber("args", c.Args);
        w.WriteString("site", MatrixRows.SiteName(c.Site));
        w.WriteString("stub", c.Stub.FileName);
        w.WriteString("shape", c.Shape.Name);
        w.WriteString("compiler", c.Build.Compiler.ToName());
        w.WriteString("config", c.Build.Config.Name);
        if (c.Generated is { } g)
        {
            w.WriteString("generated", g.Spec);
        }
        ResultJson.WriteEvidence(w, explanation.Result);
        WriteTrace(w, c.Isa, explanation.Trace, explanation.Call);
        w.WriteEndObject();
    }

    /// <summary><c>call</c>, <c>callee</c>, <c>steps</c>, <c>truncated</c> and <c>frame</c>: shared with <c>scenario --explain</c>.</summary>
    public static void WriteTrace(Utf8JsonWriter w, IsaBackend isa, CallTrace trace, int call)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(isa);
        ArgumentNullException.ThrowIfNull(trace);
        var traced = trace.Calls.FirstOrDefault(t => t.Index == call);
        w.WriteNumber("call", call);
        if (traced is null)
        {
            w.WriteNull("callee");
        }
        else
        {
            w.WriteString("callee", traced.Callee);
        }
        w.WriteStartArray("steps");
        foreach (var step in trace.SiteAnd(call))
        {
            WriteStep(w, step);
        }
        w.WriteEndArray();
        w.WriteBoolean("truncated", trace.Truncated);
        if (traced is null)
        {
            w.WriteNull("frame");
        }
        else
        {
            WriteFrame(w, isa, trace, traced);
        }
    }

    private static void WriteStep(Utf8JsonWriter w, TraceStep step)
    {
        w.WriteStartObject();
        w.WriteString("address", Hex.Of(step.Address));
        if (step.Symbol is null)
        {
            w.WriteNull("symbol");
        }
        else
        {
            w.WriteString("symbol", step.Symbol);
        }
        w.WriteNumber("offset", step.Offset);
        w.WriteString("bytes", Convert.ToHexStringLower(step.Bytes));
        w.WriteString("text", step.Text);
        if (step.Call is { } call)
        {
            w.WriteNumber("call", call);
        }
        else
        {
            w.WriteNull("call");
        }
        WriteRegisters(w, "registers", step.Registers);
        w.WriteStartArray("memory");
        foreach (var m in step.Memory)
        {
            w.WriteStartObject();
            w.WriteString("address", Hex.Of(m.Address));
            w.WriteString("old", Convert.ToHexStringLower(m.Old));
            w.WriteString("new", Convert.ToHexStringLower(m.New));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNumber("spDelta", step.SpDelta);
        if (step.Event is { Violation: { } v })
        {
            w.WriteStartObject("violation");
            w.WriteString("kind", v.Kind.ToName());
            w.WriteString("register", v.Register);
            w.WriteString("expected", Hex.Of(v.Expected));
            w.WriteString("actual", Hex.Of(v.Actual));
            w.WriteNumber("call", v.Call);
            w.WriteString("callee", v.Callee);
            w.WriteEndObject();
        }
        if (step.Event is { Trap: { } t })
        {
            w.WriteStartObject("trap");
            w.WriteString("kind", t.Kind.ToName());
            w.WriteString("instruction", t.Instruction);
            w.WriteEndObject();
        }
        if (step.Event is { Fault: { } f })
        {
            w.WriteStartObject("fault");
            w.WriteString("access", f.Access.ToName());
            w.WriteString("address", Hex.Of(f.Address));
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteFrame(Utf8JsonWriter w, IsaBackend isa, CallTrace trace, TracedCall call)
    {
        w.WriteStartObject("frame");
        w.WriteString("spBeforeCall", Hex.Of(call.StackPointerBeforeCall));
        w.WriteString("spAtEntry", Hex.Of(call.AtEntry.StackPointer));
        w.WriteString("returnAddress", Hex.Of(call.ReturnAddress));
        if (call.ReturnSlot is { } slot)
        {
            w.WriteString("returnSlot", Hex.Of(slot));
        }
        else
        {
            w.WriteString("linkRegister", call.LinkRegister);
        }
        w.WriteNumber("registerSaveArea", call.RegisterSaveArea);
        w.WriteString("argumentsStart", Hex.Of(call.ArgumentsStart));
        w.WriteNumber("argumentBytes", call.ArgumentBytes);
        w.WriteString("deepestSp", Hex.Of(call.DeepestStackPointer));
        w.WriteNumber("instructions", call.Instructions);
        if (call.AtReturn is { } after)
        {
            w.WriteString("spAfterReturn", Hex.Of(after.StackPointer));
            w.WriteNumber("spDelta", call.StackPointerDelta!.Value);
        }
        else
        {
            w.WriteNull("spAfterReturn");
            w.WriteNull("spDelta");
        }
        // The picture window's changed words, then the caller-frame stores beyond it.
        var callerFrame = trace.CallerFrameChanges(call, isa.Abi.PointerSize, isa.Abi.ByteOrder).ToList();
        w.WriteStartArray("changedMemory");
        foreach (var (address, old, now) in call.ChangedWords(isa.Abi.PointerSize, isa.Abi.ByteOrder).Concat(callerFrame.Where(c => !call.InWindow(c.Address))))
        {
            w.WriteStartObject();
            w.WriteString("address", Hex.Of(address));
            w.WriteString("old", Hex.Of(old));
            w.WriteString("new", Hex.Of(now));
            w.WriteBoolean("callerFrame", address >= call.CallerFrameStart);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteRegisters(w, "calleeSavedChanged", call.ClobberedCalleeSaved());
        w.WriteEndObject();
    }

    /// <summary>Register changes as <c>[{name, old, new}]</c>.</summary>
    private static void WriteRegisters(Utf8JsonWriter w, string name, IEnumerable<RegisterChange> changes)
    {
        w.WriteStartArray(name);
        foreach (var r in changes)
        {
            w.WriteStartObject();
            w.WriteString("name", r.Name);
            w.WriteString("old", Hex.Of(r.Old));
            w.WriteString("new", Hex.Of(r.New));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}

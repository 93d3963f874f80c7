using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Running;
using Tpsim.KernelSim.Scenarios.Running;

namespace Tpsim.Cli.Reports;

/// <summary>
/// The JSON fields shared by <c>check</c> and each <c>matrix</c> case. Written with <see cref="Utf8JsonWriter"/>
/// so the field order is fixed and no reflection-based serializer is involved.
/// </summary>
public static class ResultJson
{
    public static Utf8JsonWriter CreateWriter(Stream stream) => new(stream, new JsonWriterOptions
    {
        Indented = true,
        // Reports are files and pipes, never HTML; keep quotes and '+' in assembler messages readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static void WriteEvidence(Utf8JsonWriter w, CaseResult result)
    {
        w.WriteString("verdict", result.Verdict.ToName());

        w.WriteStartArray("violations");
        foreach (var v in result.Violations)
        {
            w.WriteStartObject();
            w.WriteString("kind", v.Kind.ToName());
            w.WriteString("register", v.Register);
            w.WriteString("expected", Hex.Of(v.Expected));
            w.WriteString("actual", Hex.Of(v.Actual));
            if (v.Kind == ViolationKind.StackPointer)
            {
                // How far SP is off after the call: the per-call byte count of a callee-pop mismatch.
                w.WriteNumber("bytes", (long)(v.Actual - v.Expected));
            }
            w.WriteNumber("call", v.Call);
            w.WriteString("callee", v.Callee);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        if (result.Trap is { } trap)
        {
            w.WriteStartObject("trap");
            w.WriteString("kind", trap.Kind.ToName());
            w.WriteString("pc", Hex.Of(trap.Pc));
            w.WriteString("instruction", trap.Instruction);
            if (trap.ExpectedType is { } expectedType)
            {
                w.WriteString("expectedType", TypeHash(expectedType));
            }
            if (trap.TargetType is { } targetType)
            {
                w.WriteString("targetType", TypeHash(targetType));
            }
            if (trap.Target is { } target)
            {
                w.WriteString("target", target);
            }
            else if (trap.TargetAddress is { } targetAddress)
            {
                w.WriteString("target", Hex.Of(targetAddress));
            }
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("trap");
        }

        if (result.Fault is { } fault)
        {
            w.WriteStartObject("fault");
            w.WriteString("access", fault.Access.ToName());
            w.WriteString("address", Hex.Of(fault.Address));
            w.WriteString("pc", Hex.Of(fault.Pc));
            if (fault.StackOverflowBytes is { } used)
            {
                // Only for an access in the guard below the stack: the bytes used and the stack's size (THREAD_SIZE).
                w.WriteStartObject("stackOverflow");
                w.WriteNumber("bytesUsed", used);
                w.WriteNumber("stackSize", fault.StackSize ?? 0);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("fault");
        }

        w.WriteNumber("calls", result.CallsCompleted);

        w.WriteStartArray("notes");
        foreach (var note in result.Notes)
        {
            w.WriteStringValue(note);
        }
        w.WriteEndArray();
    }

    /// <summary>
    /// Reads back what <see cref="WriteEvidence"/> wrote, for <c>tpsim merge</c>: written again, it gives the same JSON.
    /// A missing or mistyped field throws (<see cref="KeyNotFoundException"/>, <see cref="InvalidOperationException"/>,
    /// <see cref="FormatException"/>); the caller names the file and case.
    /// </summary>
    public static CaseResult ReadEvidence(JsonElement e)
    {
        var violations = e.GetProperty("violations").EnumerateArray().Select(v => new Violation(
            Kind<ViolationKind>(v.GetProperty("kind")), v.GetProperty("register").GetString()!, Hex.Parse(v.GetProperty("expected").GetString()),
            Hex.Parse(v.GetProperty("actual").GetString()), v.GetProperty("call").GetInt32(), v.GetProperty("callee").GetString()!)).ToList();
        TrapInfo? trap = null;
        if (e.GetProperty("trap") is { ValueKind: JsonValueKind.Object } t)
        {
            var target = t.TryGetProperty("target", out var tg) ? tg.GetString() : null;
            trap = new TrapInfo(Kind<TrapKind>(t.GetProperty("kind")), Hex.Parse(t.GetProperty("pc").GetString()), t.GetProperty("instruction").GetString()!)
            {
                ExpectedType = t.TryGetProperty("expectedType", out var et) ? (uint)Hex.Parse(et.GetString()) : null,
                TargetType = t.TryGetProperty("targetType", out var tt) ? (uint)Hex.Parse(tt.GetString()) : null,
                // The writer gives the symbol when it knows one, else the address.
                TargetAddress = Hex.TryParse(target, out var address) ? address : null,
                Target = target is not null && !Hex.TryParse(target, out _) ? target : null,
            };
        }
        FaultInfo? fault = null;
        if (e.GetProperty("fault") is { ValueKind: JsonValueKind.Object } f)
        {
            var overflow = f.TryGetProperty("stackOverflow", out var so) ? so : (JsonElement?)null;
            fault = new FaultInfo(Kind<FaultAccess>(f.GetProperty("access")), Hex.Parse(f.GetProperty("address").GetString()), Hex.Parse(f.GetProperty("pc").GetString()))
            {
                StackOverflowBytes = overflow?.GetProperty("bytesUsed").GetUInt64(),
                StackSize = overflow?.GetProperty("stackSize").GetUInt64(),
            };
        }
        return new CaseResult(Kind<Verdict>(e.GetProperty("verdict")), violations, trap, fault, e.GetProperty("calls").GetInt32(),
            [.. e.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!)]);
    }

    private static T Kind<T>(JsonElement e) where T : struct, Enum =>
        KindNames.TryParse<T>(e.GetString()!, out var value) ? value : throw new FormatException($"unknown {typeof(T).Name} '{e.GetString()}'");

    /// <summary>A kCFI type hash as the kernel prints it: "0x" and all eight hex digits.</summary>
    private static string TypeHash(uint hash) => "0x" + hash.ToString("x8", CultureInfo.InvariantCulture);

    /// <summary>
    /// <c>selection</c> (the ISAs in run order and the builds asked for) and, for one shard of a run, <c>shard</c> with
    /// the unsharded run's case count: what <c>tpsim merge</c> checks before it combines reports.
    /// </summary>
    public static void WriteSelection(Utf8JsonWriter w, IEnumerable<string> isas, RunSelection selection, int planned)
    {
        w.WriteStartObject("selection");
        w.WriteStartArray("arch");
        foreach (var isa in isas)
        {
            w.WriteStringValue(isa);
        }
        w.WriteEndArray();
        w.WriteStartArray("builds");
        foreach (var build in selection.Builds)
        {
            w.WriteStringValue(build.Name);
        }
        w.WriteEndArray();
        w.WriteEndObject();
        if (!selection.Shard.IsWhole)
        {
            w.WriteStartObject("shard");
            w.WriteNumber("index", selection.Shard.Index);
            w.WriteNumber("count", selection.Shard.Count);
            w.WriteNumber("total", planned);
            w.WriteEndObject();
        }
    }

    /// <summary>The <c>kernel</c> object of a run on a real tree; <paramref name="build"/> adds its compiler and config.</summary>
    public static void WriteKernel(Utf8JsonWriter w, RealKernel kernel, BuildSpec? build = null)
    {
        w.WriteStartObject("kernel");
        w.WriteString("spec", kernel.Spec);
        w.WriteString("version", kernel.Version);
        w.WriteString("tree", kernel.Tree);
        if (build is not null)
        {
            w.WriteString("compiler", build.Compiler.ToName());
            w.WriteString("config", build.Config.Name);
        }
        w.WriteStartArray("patches");
        foreach (var patch in kernel.Patches)
        {
            w.WriteStringValue(patch);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}

using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Toolchain;
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

    /// <summary>A kCFI type hash as the kernel prints it: "0x" and all eight hex digits.</summary>
    private static string TypeHash(uint hash) => "0x" + hash.ToString("x8", CultureInfo.InvariantCulture);

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

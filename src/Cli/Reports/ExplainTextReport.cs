using System.Globalization;
using Spectre.Console;
using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Tracing;

namespace Tpsim.Cli.Reports;

/// <summary>
/// <c>explain</c> as text: each instruction of the site and of the explained call with the registers, SP and memory it
/// changed, the first violation, trap or fault marked on its instruction, then the call's frame before and after.
/// </summary>
public static class ExplainTextReport
{
    /// <summary>Writes the steps and the frame; the caller has written the heading and the verdict.</summary>
    public static void Write(IAnsiConsole console, IsaBackend isa, CallTrace trace, int call)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(isa);
        ArgumentNullException.ThrowIfNull(trace);
        var others = trace.Calls.Where(c => c.Index != call).ToList();
        var explained = trace.Calls.FirstOrDefault(c => c.Index == call);
        console.MarkupLineInterpolated($"call {call}{(explained is null ? " (never made: the run stopped before it)" : $" ({explained.Callee})")}, with the site's instructions around it");
        if (others.Count > 0)
        {
            console.MarkupLineInterpolated($"not shown: {string.Join(", ", others.Select(c => $"call {c.Index} ({c.Callee}, {Count(c.Instructions)})"))}");
        }
        console.WriteLine();
        int? inCall = null;
        var width = trace.SiteAnd(call).Select(s => s.Place.Length).DefaultIfEmpty(0).Max();
        foreach (var step in trace.SiteAnd(call))
        {
            if (step.Call != inCall)
            {
                console.MarkupLine(step.Call is { } c
                    ? $"[bold]-> call {c} ({Markup.Escape(trace.Calls.FirstOrDefault(t => t.Index == c)?.Callee ?? "?")})[/]"
                    : "[bold]<- back in the site[/]");
                inCall = step.Call;
            }
            WriteStep(console, step, width);
        }
        if (trace.Truncated)
        {
            console.MarkupLineInterpolated($"... trace stopped after {trace.Steps.Count} recorded instructions");
        }
        console.WriteLine();
        if (explained is not null)
        {
            WriteFrame(console, isa, trace, explained);
        }
    }

    private static string Count(long instructions) =>
        instructions == 1 ? "1 instruction" : $"{instructions.ToString(CultureInfo.InvariantCulture)} instructions";

    /// <summary>Continuation lines (changes, stores) start here when a step does not fit the console's width.</summary>
    private const string Indent = "      ";

    /// <summary>
    /// One step: in columns with its changes on the same line where the console is wide enough (a file, a wide
    /// terminal), else the place, bytes and text on one line and each change and store on a line of its own.
    /// </summary>
    private static void WriteStep(IAnsiConsole console, TraceStep step, int width)
    {
        var bytes = Convert.ToHexStringLower(step.Bytes);
        var spaced = string.Join(' ', Enumerable.Range(0, step.Bytes.Length).Select(i => bytes.Substring(2 * i, 2)));
        var changes = new List<string>();
        changes.AddRange(step.Registers.Select(r => $"{r.Name} {Hex.Of(r.Old)} -> {Hex.Of(r.New)}"));
        if (step.SpDelta != 0)
        {
            changes.Add($"sp {SignedBytes(step.SpDelta)}");
        }
        var marker = step.Event is null ? "  " : "[bold red]>>[/]";
        var memory = step.Memory.Select(m => $"mem[{Hex.Of(m.Address)}] {Convert.ToHexStringLower(m.Old)} -> {Convert.ToHexStringLower(m.New)}").ToList();
        var line = $"{step.Place.PadRight(width)}  {spaced.PadRight(14)}  {step.Text.PadRight(28)}  {string.Join("; ", changes)}";
        if (3 + line.Length <= console.Profile.Width)
        {
            console.MarkupLine($"{marker} {Markup.Escape(line)}");
            foreach (var m in memory)
            {
                console.MarkupLine(Markup.Escape($"     {"".PadRight(width)}  {m}"));
            }
        }
        else
        {
            console.MarkupLine($"{marker} {Markup.Escape($"{step.Place}  {spaced}  {step.Text}")}");
            foreach (var change in changes.Concat(memory))
            {
                console.MarkupLine(Markup.Escape(Indent + change));
            }
        }
        if (step.Event is { } e)
        {
            console.MarkupLine($"[bold red]>> {Markup.Escape(Describe(e))}[/]");
        }
    }

    /// <summary>The event in one line, as the check report words it.</summary>
    public static string Describe(TraceEvent e) => e switch
    {
        { Violation: { } v } => $"violation: {v}",
        { Trap: { } t } => $"trap: {t.Kind.ToName()} at {Hex.Of(t.Pc)}: {t.Instruction}",
        { Fault: { } f } => $"fault: {f.Access.ToName()} of {Hex.Of(f.Address)} at pc {Hex.Of(f.Pc)}",
        _ => "",
    };

    /// <summary>"+16 bytes" / "-8 bytes".</summary>
    public static string SignedBytes(long delta) =>
        (delta > 0 ? "+" : "") + delta.ToString(CultureInfo.InvariantCulture) + (Math.Abs(delta) == 1 ? " byte" : " bytes");

    private static void WriteFrame(IAnsiConsole console, IsaBackend isa, CallTrace trace, TracedCall call)
    {
        console.MarkupLineInterpolated($"frame of call {call.Index} ({call.Callee}):");
        console.MarkupLineInterpolated($"  sp before the call  {Hex.Of(call.StackPointerBeforeCall)}");
        var ra = call.ReturnSlot is { } slot ? $"at [{Hex.Of(slot)}]" : $"in {call.LinkRegister}";
        console.MarkupLineInterpolated($"  sp at entry         {Hex.Of(call.AtEntry.StackPointer)}");
        console.MarkupLineInterpolated($"  return address      {Hex.Of(call.ReturnAddress)} {ra}");
        if (call.RegisterSaveArea > 0)
        {
            console.MarkupLineInterpolated($"  register save area  {call.RegisterSaveArea} bytes from {Hex.Of(call.AtEntry.StackPointer)} (the callee's to use)");
        }
        console.MarkupLine(Markup.Escape(call.ArgumentBytes > 0
            ? $"  stack arguments     {call.ArgumentBytes} bytes at [{Hex.Of(call.ArgumentsStart)}, {Hex.Of(call.CallerFrameStart)})"
            : $"  stack arguments     none (all in registers)"));
        console.MarkupLineInterpolated($"  deepest sp          {Hex.Of(call.DeepestStackPointer)} ({call.AtEntry.StackPointer - call.DeepestStackPointer} bytes of callee frame)");
        if (call.AtReturn is not { } after)
        {
            console.MarkupLine("  the callee never returned to the site");
            return;
        }
        var delta = call.StackPointerDelta!.Value;
        var verdict = delta == 0 ? "balanced" : $"{SignedBytes(delta)} against the caller's";
        console.MarkupLineInterpolated($"  sp after the return {Hex.Of(after.StackPointer)} ({verdict})");
        // One line per changed word or register, so that two 64-bit values fit an 80-column terminal.
        var changed = trace.CallerFrameChanges(call, isa.Abi.PointerSize, isa.Abi.ByteOrder).ToList();
        WriteList(console, "  caller's frame      ", "unchanged",
            changed.Select(w => $"[{Hex.Of(w.Address)}] {Hex.Of(w.Old)} -> {Hex.Of(w.New)}"));
        var clobbered = call.ClobberedCalleeSaved().ToList();
        WriteList(console, "  callee-saved        ", $"all {call.AtEntry.CalleeSaved.Count} preserved",
            clobbered.Select(r => $"{r.Name} {Hex.Of(r.Old)} -> {Hex.Of(r.New)}"));
    }

    /// <summary>"label none" when <paramref name="items"/> is empty, else "label changed:" and one indented line per item.</summary>
    private static void WriteList(IAnsiConsole console, string label, string none, IEnumerable<string> items)
    {
        var list = items.ToList();
        console.MarkupLine(Markup.Escape(label + (list.Count == 0 ? none : "changed:")));
        foreach (var item in list)
        {
            console.MarkupLine(Markup.Escape("    " + item));
        }
    }
}

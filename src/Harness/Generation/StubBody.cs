using System.Globalization;
using System.Text;
using Tpsim.Emulator.Isa;

namespace Tpsim.Harness.Generation;

/// <summary>One step of a generated stub body.</summary>
public enum StepKind
{
    /// <summary>Overwrite a caller-saved register: legal.</summary>
    Scratch,

    /// <summary>Save a callee-saved register, change it, restore it: legal.</summary>
    SaveRestore,

    /// <summary>Change a callee-saved register and leave it: unbalanced callee-saved.</summary>
    Clobber,

    /// <summary>Store into the callee's own incoming area: legal where the callee owns one.</summary>
    OwnArgument,

    /// <summary>Store into the caller's frame above the incoming area: unbalanced caller-frame.</summary>
    CallerFrame,
}

/// <summary>How a generated stub body ends.</summary>
public enum Ending
{
    Return,

    /// <summary>Returns with SP moved up by the grammar's <see cref="StubGrammar.StackMove"/>: unbalanced stack-pointer.</summary>
    MoveStackPointer,

    /// <summary>Spins: timeout.</summary>
    Loop,

    /// <summary>Executes the ISA's trap instruction: trap.</summary>
    Trap,
}

/// <summary>A step and its operand: a register index into the grammar's list (modulo its length), or an immediate.</summary>
public readonly record struct Step(StepKind Kind, int Register, int Immediate)
{
    private static readonly string[] Codes = ["set", "save", "clobber", "own", "frame"];

    public string Spec => Kind is StepKind.OwnArgument or StepKind.CallerFrame
        ? $"{Codes[(int)Kind]}:{Immediate}"
        : $"{Codes[(int)Kind]}:{Register}:{Immediate}";

    public static bool TryParse(string text, out Step step)
    {
        step = default;
        var parts = text.Split(':');
        var kind = Array.IndexOf(Codes, parts[0]);
        if (kind < 0)
        {
            return false;
        }
        var k = (StepKind)kind;
        var withRegister = k is not (StepKind.OwnArgument or StepKind.CallerFrame);
        if (parts.Length != (withRegister ? 3 : 2))
        {
            return false;
        }
        var register = 0;
        if (withRegister && !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out register))
        {
            return false;
        }
        if (!int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var imm) || imm is < 1 or > 0x7fff)
        {
            return false;
        }
        step = new Step(k, register, imm);
        return true;
    }
}

/// <summary>A generated <c>tp_stub_func</c>: steps in order, then an ending; rendered in the ISA's <see cref="StubGrammar"/>.</summary>
public sealed record StubBody(IReadOnlyList<Step> Steps, Ending Ending)
{
    public const int MaxSteps = 6;

    private static readonly string[] EndingCodes = ["ret", "sp", "loop", "trap"];

    public string Spec => string.Join(',', Steps.Select(s => s.Spec).Append(EndingCodes[(int)Ending]));

    public string Source(StubGrammar g)
    {
        ArgumentNullException.ThrowIfNull(g);
        var sb = new StringBuilder(g.Header);
        foreach (var s in Steps)
        {
            var text = s.Kind switch
            {
                StepKind.Scratch => g.Set.Replace("{reg}", g.Scratch[s.Register % g.Scratch.Count], StringComparison.Ordinal),
                StepKind.SaveRestore => g.SaveModifyRestore.Replace("{reg}", g.Preserved[s.Register % g.Preserved.Count], StringComparison.Ordinal),
                StepKind.Clobber => g.Set.Replace("{reg}", g.Preserved[s.Register % g.Preserved.Count], StringComparison.Ordinal),
                StepKind.OwnArgument => g.WriteOwnArgument,
                _ => g.WriteCallerFrame,
            };
            sb.Append(text.Replace("{imm}", s.Immediate.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }
        sb.Append(Ending switch
        {
            Ending.Return => g.Return,
            Ending.MoveStackPointer => g.ReturnMovingStackPointer.Replace("{n}", g.StackMove.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal),
            Ending.Loop => g.Loop,
            _ => g.Trap,
        });
        sb.Append(g.Footer);
        return sb.ToString();
    }

    public static bool TryParse(string spec, out StubBody body, out string? error)
    {
        body = new StubBody([], Ending.Return);
        error = null;
        var parts = spec.Split(',', StringSplitOptions.TrimEntries);
        var ending = Array.IndexOf(EndingCodes, parts[^1]);
        if (ending < 0)
        {
            error = $"a body ends in one of {string.Join(", ", EndingCodes)}, not '{parts[^1]}'";
            return false;
        }
        var steps = new List<Step>();
        foreach (var p in parts[..^1])
        {
            if (!Step.TryParse(p, out var step))
            {
                error = $"bad step '{p}' (set:R:IMM, save:R:IMM, clobber:R:IMM, own:IMM or frame:IMM; IMM 1..32767)";
                return false;
            }
            steps.Add(step);
        }
        body = new StubBody(steps, (Ending)ending);
        return true;
    }
}

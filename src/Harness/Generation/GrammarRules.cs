using System.Collections.Concurrent;
using Tpsim.Emulator.Isa;
using Tpsim.Harness.Cases;

namespace Tpsim.Harness.Generation;

/// <summary>
/// What the generator requires of an ISA's <see cref="StubGrammar"/> before it writes a stub from it: every register
/// it names is one the ISA knows (in the assembler's spelling), a scratch one is caller-saved, a preserved one is
/// callee-saved, and none is the stack pointer, the program counter, the link register, a zero register or one the
/// kernel reserves (<see cref="AbiDescription.Reserved"/>). A generated case's predicted verdict rests on this.
/// </summary>
public static class GrammarRules
{
    private static readonly ConcurrentDictionary<IsaBackend, string?> Checked = new();

    /// <summary>Everything wrong with <paramref name="isa"/>'s grammar, one line each; empty when it may be used.</summary>
    public static IReadOnlyList<string> Problems(IsaBackend isa)
    {
        ArgumentNullException.ThrowIfNull(isa);
        return Problems(isa.Name, isa.Abi, isa.Registers, isa.Grammar);
    }

    public static IReadOnlyList<string> Problems(string isaName, AbiDescription abi, RegisterMap registers, StubGrammar grammar)
    {
        ArgumentNullException.ThrowIfNull(abi);
        ArgumentNullException.ThrowIfNull(registers);
        ArgumentNullException.ThrowIfNull(grammar);
        // Registers are compared by Unicorn id: the grammar spells them as the assembler does (ppc64 "13", mips64 "$28").
        var forbidden = new Dictionary<int, string>();
        void Forbid(string? name, string why)
        {
            if (name is not null && registers.Contains(name))
            {
                forbidden.TryAdd(registers[name], $"{name}, {why}");
            }
        }
        Forbid(abi.StackPointer, "the stack pointer");
        Forbid(abi.ProgramCounter, "the program counter");
        Forbid(abi.LinkRegister, "the link register");
        Forbid("zero", "the zero register");
        foreach (var reserved in abi.Reserved)
        {
            Forbid(reserved, "which the kernel reserves");
        }
        var calleeSaved = abi.CalleeSavedGeneral.Where(registers.Contains).Select(n => registers[n]).ToHashSet();
        var problems = new List<string>();
        foreach (var (list, name, mustBeCalleeSaved) in grammar.Scratch.Select(n => ("scratch", n, false)).Concat(grammar.Preserved.Select(n => ("preserved", n, true))))
        {
            var where = $"the {isaName} stub grammar's {list} register '{name}'";
            if (!registers.Contains(name))
            {
                problems.Add($"{where} is no {isaName} register");
                continue;
            }
            var id = registers[name];
            if (forbidden.TryGetValue(id, out var why))
            {
                problems.Add($"{where} is {why}: a generated stub never writes it");
            }
            else if (calleeSaved.Contains(id) != mustBeCalleeSaved)
            {
                problems.Add($"{where} is {(mustBeCalleeSaved ? "not " : "")}callee-saved by {abi.Document}");
            }
        }
        return problems;
    }

    /// <summary>Refuses (<see cref="CaseInputException"/>) to generate from a grammar with a problem; checked once per ISA.</summary>
    public static void Check(IsaBackend isa)
    {
        ArgumentNullException.ThrowIfNull(isa);
        Refuse(Checked.GetOrAdd(isa, i => Problems(i) is [var first, ..] ? first : null));
    }

    public static void Check(string isaName, AbiDescription abi, RegisterMap registers, StubGrammar grammar) =>
        Refuse(Problems(isaName, abi, registers, grammar) is [var first, ..] ? first : null);

    private static void Refuse(string? problem)
    {
        if (problem is not null)
        {
            throw new CaseInputException($"refused: {problem}");
        }
    }
}

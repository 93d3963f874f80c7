using Tpsim.Emulator.Checking;

namespace Tpsim.Emulator.Isa;

/// <summary>A deliberately broken stub under Controls/ and the verdict (and violation kind) it must produce.</summary>
/// <param name="Args">Argument count to run it with; some controls only misbehave with stack arguments.</param>
public sealed record ControlStub(string Name, string File, Verdict ExpectedVerdict, ViolationKind? ExpectedViolation, string Description, int Args)
{
    internal static IReadOnlyList<ControlStub> Discover(IsaBackend isa) =>
        isa.ListSources("Controls").Select(file => Parse(isa, file)).ToList();

    private static ControlStub Parse(IsaBackend isa, string file)
    {
        string? expect = null, what = null;
        var args = 8;
        foreach (var raw in isa.ReadSource(file).Split('\n'))
        {
            var line = raw.TrimStart('/', '#', ' ', '\t', '*');
            if (line.StartsWith("expect:", StringComparison.Ordinal))
            {
                expect = line["expect:".Length..].Trim();
            }
            else if (line.StartsWith("what:", StringComparison.Ordinal))
            {
                what = line["what:".Length..].Trim();
            }
            else if (line.StartsWith("args:", StringComparison.Ordinal))
            {
                args = int.Parse(line["args:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        if (expect is null)
        {
            throw new InvalidDataException($"{isa.Name}/{file}: a control must state 'expect: VERDICT [KIND]'");
        }
        var parts = expect.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var name = Path.GetFileNameWithoutExtension(file);
        if (!KindNames.TryParse<Verdict>(parts[0], out var verdict))
        {
            throw new InvalidDataException($"{isa.Name}/{file}: unknown verdict '{parts[0]}'");
        }
        ViolationKind? violation = null;
        if (parts.Length > 1)
        {
            violation = KindNames.TryParse<ViolationKind>(parts[1], out var kind)
                ? kind
                : throw new InvalidDataException($"{isa.Name}/{file}: unknown violation kind '{parts[1]}'");
        }
        return new ControlStub(name, file, verdict, violation, what ?? name, args);
    }
}

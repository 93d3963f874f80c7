namespace Tpsim.Harness.Generation;

/// <summary>
/// Makes a failing generated case smaller while it keeps failing: fewer steps, fewer array entries, fewer
/// arguments, plainer types, smaller immediates, greedily until no single change keeps it failing. The
/// result is what a maintainer reruns with <c>tpsim check --generated</c>.
/// </summary>
public static class CaseShrinker
{
    /// <param name="stillFails">Runs a candidate and says whether it still shows the problem.</param>
    /// <param name="budget">At most this many candidates are run.</param>
    public static GeneratedCase Shrink(GeneratedCase failing, Func<GeneratedCase, bool> stillFails, int budget = 200)
    {
        ArgumentNullException.ThrowIfNull(failing);
        ArgumentNullException.ThrowIfNull(stillFails);
        var current = failing;
        var tried = 0;
        var progress = true;
        while (progress && tried < budget)
        {
            progress = false;
            foreach (var candidate in Candidates(current))
            {
                if (tried++ >= budget)
                {
                    break;
                }
                if (stillFails(candidate))
                {
                    current = candidate;
                    progress = true;
                    break;
                }
            }
        }
        return current;
    }

    /// <summary>Each candidate is one change smaller than <paramref name="c"/>, the biggest reductions first.</summary>
    public static IEnumerable<GeneratedCase> Candidates(GeneratedCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var steps = c.Body.Steps;
        for (var i = 0; i < steps.Count; i++)
        {
            yield return c with { Body = c.Body with { Steps = [.. steps.Take(i), .. steps.Skip(i + 1)] } };
        }
        if (c.Body.Ending != Ending.Return)
        {
            yield return c with { Body = c.Body with { Ending = Ending.Return } };
        }
        for (var i = 0; i < c.Array.Length && c.Array.Length > 1; i++)
        {
            yield return c with { Array = c.Array.Remove(i, 1) };
        }
        var types = c.Prototype.Types;
        if (types.Count > 0)
        {
            yield return c with { Prototype = new GeneratedPrototype([.. types.Take(types.Count / 2)]) };
        }
        for (var i = types.Count - 1; i >= 0; i--)
        {
            yield return c with { Prototype = new GeneratedPrototype([.. types.Take(i), .. types.Skip(i + 1)]) };
        }
        for (var i = 0; i < types.Count; i++)
        {
            if (types[i] != ArgType.Long)
            {
                yield return c with { Prototype = new GeneratedPrototype([.. types.Take(i), ArgType.Long, .. types.Skip(i + 1)]) };
            }
        }
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Register != 0 || steps[i].Immediate != 1)
            {
                yield return c with { Body = c.Body with { Steps = [.. steps.Take(i), steps[i] with { Register = 0, Immediate = 1 }, .. steps.Skip(i + 1)] } };
            }
        }
    }
}

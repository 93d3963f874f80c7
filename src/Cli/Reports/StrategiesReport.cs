using Tpsim.KernelSim.Strategies;
using System.Globalization;
using Spectre.Console;
using Tpsim.Harness.Running;
using Tpsim.Emulator.Checking;

namespace Tpsim.Cli.Reports;

/// <summary>The strategy x ISA table and its JSON form.</summary>
public static class StrategiesReport
{
    public static void WriteTable(IAnsiConsole console, IReadOnlyList<StrategyRow> rows)
    {
        var arches = rows.Count == 0 ? [] : rows[0].Cells.Select(c => c.Arch).ToList();
        var table = new Table()
            .Title("removal strategies: verdicts of the seed's four fires, and instructions per 3-probe fire")
            .AddColumn("strategy")
            .AddColumn("unregister can fail")
            .AddColumn("removal may sleep");
        foreach (var arch in arches)
        {
            table.AddColumn($"{arch} seed");
            table.AddColumn($"{arch} kcfi");
            table.AddColumn(new TableColumn($"{arch} insns").RightAligned());
        }
        foreach (var row in rows)
        {
            var cells = new List<string>
            {
                Markup.Escape(row.Strategy.Name),
                row.UnregisterFailedInSeed ? "[yellow]yes[/] (-ENOMEM in the seed)" : row.UnregisterCanFail ? "[yellow]yes[/] (not in the seed)" : "no",
                row.Strategy.RemovalMaySleep ? "[yellow]yes[/]" : "no",
            };
            foreach (var cell in row.Cells)
            {
                var verdicts = string.Join(" ", cell.SeedVerdicts.Select(v => v == Verdict.Balanced ? "ok" : $"[red]{v.ToName()}[/]"));
                cells.Add(cell.SeedPassed ? verdicts : $"{verdicts} [red](expectations failed)[/]");
                var kcfi = string.Join(" ", cell.KcfiVerdicts.Select(v => v == Verdict.Balanced ? "ok" : $"[red]{v.ToName()}[/]"));
                cells.Add(!cell.KcfiApplies ? "[grey]n/a[/]" : cell.KcfiPassed ? kcfi : $"{kcfi} [red](expectations failed)[/]");
                cells.Add(cell.InstructionsPerFire.ToString(CultureInfo.InvariantCulture));
            }
            table.AddRow(cells.ToArray());
        }
        console.Write(table);
        console.MarkupLine("[grey]seed: one fire per stage (both probes; after the failed removal; after rmmod; after a later add). ok = balanced. kcfi: the same, built with clang -fsanitize=kcfi.[/]");
    }

    public static void WriteJson(Stream stream, IReadOnlyList<StrategyRow> rows)
    {
        using var w = ResultJson.CreateWriter(stream);
        w.WriteStartObject();
        w.WriteStartArray("strategies");
        foreach (var row in rows)
        {
            w.WriteStartObject();
            w.WriteString("name", row.Strategy.Name);
            w.WriteString("origin", row.Strategy.Origin);
            w.WriteString("summary", row.Strategy.Summary);
            w.WriteString("simplification", row.Strategy.Simplification);
            w.WriteBoolean("unregisterCanFail", row.UnregisterCanFail);
            w.WriteBoolean("unregisterFailedInSeed", row.UnregisterFailedInSeed);
            w.WriteBoolean("removalMaySleep", row.Strategy.RemovalMaySleep);
            w.WriteStartObject("byArch");
            foreach (var cell in row.Cells)
            {
                w.WriteStartObject(cell.Arch);
                w.WriteStartArray("seedVerdicts");
                foreach (var v in cell.SeedVerdicts)
                {
                    w.WriteStringValue(v.ToName());
                }
                w.WriteEndArray();
                w.WriteBoolean("seedPassed", cell.SeedPassed);
                w.WriteBoolean("kcfiApplies", cell.KcfiApplies);
                w.WriteStartArray("kcfiVerdicts");
                foreach (var v in cell.KcfiVerdicts)
                {
                    w.WriteStringValue(v.ToName());
                }
                w.WriteEndArray();
                w.WriteStartArray("kcfiTrapKinds");
                foreach (var k in cell.KcfiTrapKinds)
                {
                    w.WriteStringValue(k);
                }
                w.WriteEndArray();
                w.WriteBoolean("kcfiPassed", cell.KcfiPassed);
                w.WriteNumber("instructionsPerFire", cell.InstructionsPerFire);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}

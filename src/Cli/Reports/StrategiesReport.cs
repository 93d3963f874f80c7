using Tpsim.KernelSim.Strategies;
using System.Globalization;
using Spectre.Console;
using Tpsim.Harness.Running;
using Tpsim.Emulator.Checking;

namespace Tpsim.Cli.Reports;

/// <summary>The strategy x ISA table and its JSON form.</summary>
public static class StrategiesReport
{
    /// <summary>
    /// One table of what each strategy does, then one table per ISA (strategy, seed, kcfi, instructions): every table
    /// stays under 80 columns, so no strategy, ISA or verdict word is cut or split in a terminal.
    /// </summary>
    public static void WriteTable(IAnsiConsole console, IReadOnlyList<StrategyRow> rows)
    {
        var strategies = new Table()
            .Title("removal strategies")
            .AddColumn("strategy")
            .AddColumn("unregister can fail")
            .AddColumn("removal may sleep");
        foreach (var row in rows)
        {
            strategies.AddRow(
                Markup.Escape(row.Strategy.Name),
                row.UnregisterFailure is { } failure ? $"[yellow]yes[/] ({Markup.Escape(failure)})" : "no",
                row.RemovalSleep is { } sleep ? $"[yellow]yes[/] ({Markup.Escape(sleep)})" : "no");
        }
        console.Write(strategies);
        var arches = rows.Count == 0 ? [] : rows[0].Cells.Select(c => c.Arch).ToList();
        for (var a = 0; a < arches.Count; a++)
        {
            var table = new Table()
                .Title($"{Markup.Escape(arches[a])}: the seed's four fires, and instructions per 3-probe fire")
                .AddColumn("strategy")
                .AddColumn("seed")
                .AddColumn("kcfi")
                .AddColumn(new TableColumn("insns").RightAligned());
            foreach (var row in rows)
            {
                var cell = row.Cells[a];
                var verdicts = string.Join(" ", cell.SeedVerdicts.Select(v => v == Verdict.Balanced ? "ok" : $"[red]{v.ToName()}[/]"));
                var kcfi = string.Join(" ", cell.KcfiVerdicts.Select(v => v == Verdict.Balanced ? "ok" : $"[red]{v.ToName()}[/]"));
                table.AddRow(
                    Markup.Escape(row.Strategy.Name),
                    cell.SeedPassed ? verdicts : $"{verdicts} [red](expectations failed)[/]",
                    !cell.KcfiApplies ? "[grey]n/a[/]" : cell.KcfiPassed ? kcfi : $"{kcfi} [red](expectations failed)[/]",
                    cell.InstructionsPerFire.ToString(CultureInfo.InvariantCulture));
            }
            console.Write(table);
        }
        console.MarkupLine("[grey]seed: one fire per stage (both probes; after the failed removal; after rmmod; after a later add). ok = balanced. kcfi: the same, built with clang -fsanitize=kcfi.[/]");
    }

    /// <param name="kernel">The real tree the rows ran on (<c>--kernel</c>), written as <c>kernel</c>; null for the simulated kernel.</param>
    public static void WriteJson(Stream stream, IReadOnlyList<StrategyRow> rows, KernelSim.Scenarios.Running.RealKernel? kernel = null)
    {
        using var w = ResultJson.CreateWriter(stream);
        w.WriteStartObject();
        if (kernel is not null)
        {
            ResultJson.WriteKernel(w, kernel);
        }
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
            w.WriteBoolean("removalMaySleep", row.RemovalMaySleep);
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
                w.WriteStartArray("unregisterErrors");
                foreach (var e in cell.UnregisterErrors)
                {
                    w.WriteStringValue(e);
                }
                w.WriteEndArray();
                w.WriteStartArray("removalSleeps");
                foreach (var z in cell.RemovalSleeps)
                {
                    w.WriteStringValue(z);
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}

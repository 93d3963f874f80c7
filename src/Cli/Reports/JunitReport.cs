using Tpsim.Emulator.Toolchain;
using System.Globalization;
using System.Text;
using System.Xml;
using Tpsim.Harness.Running;
using Tpsim.Emulator.Checking;

namespace Tpsim.Cli.Reports;

/// <summary><c>matrix --format junit</c>: one testsuite per ISA, one testcase per case, a failure when a verdict is unexpected.</summary>
public static class JunitReport
{
    /// <param name="selection">The builds and shard, written as each suite's <c>tpsim.*</c> properties for <c>tpsim merge</c>.</param>
    /// <param name="kernel">The real tree of <c>matrix --kernel</c>, written as the property <c>tpsim.kernel</c>.</param>
    public static void Write(Stream stream, IReadOnlyList<IsaOutcomes> runs, RunSelection? selection = null, KernelSim.Scenarios.Running.RealKernel? kernel = null)
    {
        using var w = XmlWriter.Create(stream, WriterSettings);
        var totals = MatrixTotals.Of(runs);
        w.WriteStartDocument();
        w.WriteStartElement("testsuites");
        w.WriteAttributeString("name", "tpsim matrix");
        w.WriteAttributeString("tests", Count(totals.Total));
        w.WriteAttributeString("failures", Count(totals.Failed));
        w.WriteAttributeString("time", Seconds(TimeSpan.FromTicks(runs.Count == 0 ? 0 : runs.Max(r => r.Elapsed.Ticks))));
        var properties = Properties(runs, selection ?? RunSelection.Default, kernel);
        foreach (var run in runs)
        {
            WriteSuite(w, run, properties);
        }
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    /// <summary>Indented UTF-8 without a byte-order mark; a merged report is written with the same.</summary>
    public static XmlWriterSettings WriterSettings => new() { Indent = true, Encoding = new UTF8Encoding(false) };

    /// <summary>Names of the suite properties that say which run a report belongs to.</summary>
    public const string ArchProperty = "tpsim.arch", BuildsProperty = "tpsim.builds", KernelProperty = "tpsim.kernel", ShardProperty = "tpsim.shard";

    /// <summary>The properties every suite of a report carries: the run's ISAs and builds, the real tree, the shard.</summary>
    public static IReadOnlyList<(string Name, string Value)> Properties(IReadOnlyList<IsaOutcomes> runs, RunSelection selection, KernelSim.Scenarios.Running.RealKernel? kernel)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(selection);
        var properties = new List<(string, string)>
        {
            (ArchProperty, string.Join(",", runs.Select(r => r.Isa.Name))),
            (BuildsProperty, string.Join(",", selection.Builds.Select(b => b.Name))),
        };
        if (kernel is not null)
        {
            properties.Add((KernelProperty, string.Join(" ", [kernel.Spec, kernel.Version, .. kernel.Patches])));
        }
        if (!selection.Shard.IsWhole)
        {
            properties.Add((ShardProperty, selection.Shard.ToString()));
        }
        return properties;
    }

    private static void WriteSuite(XmlWriter w, IsaOutcomes run, IReadOnlyList<(string Name, string Value)> properties)
    {
        w.WriteStartElement("testsuite");
        w.WriteAttributeString("name", run.Isa.Name);
        w.WriteAttributeString("tests", Count(run.Cases.Count + run.Skipped.Count));
        w.WriteAttributeString("failures", Count(run.Cases.Count(c => !c.Ok)));
        w.WriteAttributeString("errors", "0");
        w.WriteAttributeString("skipped", Count(run.Skipped.Count));
        w.WriteAttributeString("time", Seconds(run.Elapsed));
        w.WriteStartElement("properties");
        foreach (var (name, value) in properties)
        {
            w.WriteStartElement("property");
            w.WriteAttributeString("name", name);
            w.WriteAttributeString("value", Clean(value));
            w.WriteEndElement();
        }
        w.WriteEndElement();
        foreach (var c in run.Cases)
        {
            w.WriteStartElement("testcase");
            w.WriteAttributeString("classname", $"tpsim.{run.Isa.Name}.{c.Case.Build.Compiler.ToName()}.{c.Case.Build.Config.Name}.{MatrixRows.SiteName(c.Case.Site)}.{c.Case.Stub.Name}");
            w.WriteAttributeString("name", Clean(c.Case.Name));
            w.WriteAttributeString("time", Seconds(c.Elapsed));
            if (!c.Ok)
            {
                w.WriteStartElement("failure");
                w.WriteAttributeString("type", c.Result.Verdict.ToName());
                w.WriteAttributeString("message", Clean($"expected {Expectation.Describe(c.Case)}, got {Evidence.VerdictText(c.Result)}"));
                w.WriteString(Clean(Details(c)));
                w.WriteEndElement();
            }
            if (c.Result.Notes.Count > 0)
            {
                w.WriteElementString("system-out", Clean(string.Join("\n", c.Result.Notes)));
            }
            w.WriteEndElement();
        }
        foreach (var skip in run.Skipped)
        {
            // A requested build that does not apply to this ISA: listed, so a CI view shows it was not run and why.
            w.WriteStartElement("testcase");
            w.WriteAttributeString("classname", $"tpsim.{run.Isa.Name}.{skip.Build.Compiler.ToName()}.{skip.Build.Config.Name}");
            w.WriteAttributeString("name", Clean($"{run.Isa.Name}/{skip.Build.Name}"));
            w.WriteAttributeString("time", "0.000");
            w.WriteStartElement("skipped");
            w.WriteAttributeString("message", Clean(skip.Reason));
            w.WriteEndElement();
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static string Details(CaseOutcome c)
    {
        var lines = new List<string> { Evidence.Describe(c.Result) };
        lines.AddRange(c.Result.Violations.Skip(1).Select(v =>
            $"call {v.Call} ({v.Callee}): {v.Kind.ToName()} {v.Register} expected {Hex.Of(v.Expected)}, got {Hex.Of(v.Actual)}"));
        return string.Join("\n", lines);
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    // Instruction text and notes come from disassembly and toolchains; a stray control byte must not make the XML invalid.
    private static string Clean(string text) =>
        string.Concat(text.Select(ch => XmlConvert.IsXmlChar(ch) || char.IsSurrogate(ch) ? ch : '?'));
}

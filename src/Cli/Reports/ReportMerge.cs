using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace Tpsim.Cli.Reports;

/// <summary>
/// <c>tpsim merge</c>: reports of sharded or per-ISA runs of <c>matrix</c> (JSON or JUnit) or <c>crosscheck</c> (JSON)
/// into the report the unsharded run would have written. Refused, with the file named: a file that cannot be read or
/// parsed (with its line), reports of different kinds or settings, a case in two reports, a shard missing.
/// </summary>
public static class ReportMerge
{
    public static bool TryMerge(IReadOnlyList<string> files, [NotNullWhen(true)] out MergedReport? merged, [NotNullWhen(false)] out string? error)
    {
        try
        {
            merged = Merge(files);
            error = null;
            return true;
        }
        catch (MergeException ex)
        {
            merged = null;
            error = ex.Message;
            return false;
        }
    }

    public static MergedReport Merge(IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
        {
            throw new MergeException("give the report files to merge (JSON of matrix or crosscheck, or JUnit of matrix)");
        }
        var loaded = files.Select(Load).ToList();
        var kind = loaded[0].Part.Kind;
        if (loaded.FirstOrDefault(l => l.Part.Kind != kind) is { Part: { } other })
        {
            throw new MergeException($"{other.File} is {other.Kind.Describe()}, but {loaded[0].Part.File} is {kind.Describe()}; merge reports of one kind");
        }
        return kind switch
        {
            ReportKind.MatrixJson => MatrixJsonMerge.Merge([.. loaded.Select(l => (l.Part, l.Json!.RootElement))]),
            ReportKind.CrossCheckJson => CrossCheckJsonMerge.Merge([.. loaded.Select(l => (l.Part, l.Json!.RootElement))]),
            _ => JunitMerge.Merge([.. loaded.Select(l => (l.Part, l.Xml!))]),
        };
    }

    private static (ReportPart Part, JsonDocument? Json, XDocument? Xml) Load(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new MergeException($"{file}: cannot read it: {ex.Message}");
        }
        if (text.TrimStart().StartsWith('<'))
        {
            XDocument xml;
            try
            {
                xml = XDocument.Parse(text, LoadOptions.SetLineInfo);
            }
            catch (XmlException ex)
            {
                throw new MergeException($"{file}:{ex.LineNumber}: not well-formed XML: {ex.Message}");
            }
            return (JunitMerge.Part(file, xml), null, xml);
        }
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new MergeException($"{file}:{(ex.LineNumber ?? 0) + 1}: not valid JSON: {ex.Message}");
        }
        var root = json.RootElement;
        try
        {
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("agreement", out _) ? (CrossCheckJsonMerge.Part(file, root), json, null)
                : root.ValueKind == JsonValueKind.Object && root.TryGetProperty("cases", out _) && root.TryGetProperty("summary", out _) ? (MatrixJsonMerge.Part(file, root), json, null)
                : throw new MergeException($"{file}: not a JSON report of tpsim matrix or crosscheck");
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new MergeException($"{file}: not a complete report: {ex.Message}");
        }
    }
}

namespace Tpsim.Cli.Commands;

/// <summary>How a report is rendered; the names are the values of <c>--format</c>.</summary>
public enum ReportFormat
{
    Table,
    Json,
    Junit,
    Markdown,
    Html,
}

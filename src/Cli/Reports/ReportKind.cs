namespace Tpsim.Cli.Reports;

/// <summary>The kinds of report <c>tpsim merge</c> combines; reports of different kinds are never merged together.</summary>
public enum ReportKind
{
    MatrixJson,
    CrossCheckJson,
    MatrixJunit,
}

/// <summary>How messages name a <see cref="ReportKind"/>.</summary>
public static class ReportKinds
{
    public static string Describe(this ReportKind kind) => kind switch
    {
        ReportKind.MatrixJson => "a matrix JSON report",
        ReportKind.CrossCheckJson => "a crosscheck JSON report",
        _ => "a matrix JUnit report",
    };
}

namespace Tpsim.Cli.Reports;

/// <summary>One line of the human-readable matrix: a group of balanced cases, or one negative control.</summary>
public sealed record MatrixRow(string Compiler, string Config, string Site, string Stub, string Shape, string Args, string Expected, string Result, string Evidence, bool Ok);

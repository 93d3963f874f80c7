using Tpsim.Emulator.Tracing;
using Tpsim.KernelSim.Scenarios.Running;

namespace Tpsim.Cli.Reports;

/// <summary>The fires scenario runs recorded (<c>--explain</c>, the HTML pages), disassembled for their reports.</summary>
public static class ScenarioTraces
{
    public static void Disassemble(IEnumerable<ScenarioRun> runs) =>
        TraceText.Fill(runs.SelectMany(r => r.Steps.Where(s => s.Trace is not null).Select(s => (IsaCatalog.Resolve(r.Arch), s.Trace!))));
}

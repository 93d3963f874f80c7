using System.Globalization;
using System.Net;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Tracing;

namespace Tpsim.Cli.Reports;

/// <summary>
/// The one self-contained HTML page every <c>--format html</c> report writes: CSS and script inline, nothing
/// fetched. Groups (one per ISA) hold tables whose rows the filter box and check boxes show or hide; a row of a
/// violation, trap or fault is followed by a detail row with its stack picture and the collapsible explain trace.
/// The script marks <c>body[data-ready]</c> when it ran and lists any script error in <c>#errors</c>.
/// </summary>
public sealed class HtmlPage(TextWriter writer)
{
    /// <summary>Trace rows a page shows per call, first and last halves; a looping callee's trace is cut in the middle.</summary>
    public const int MaxTraceRows = 400;

    public void Begin(string title, string summary)
    {
        writer.Write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">");
        writer.Write($"<title>{E(title)}</title><style>{Css}</style></head><body>\n");
        writer.Write($"<header><h1>{E(title)}</h1><p id=\"summary\">{E(summary)}</p>");
        writer.Write("<div class=\"filters\"><input id=\"filter\" type=\"search\" placeholder=\"filter rows by text\" aria-label=\"filter rows\">");
        writer.Write("<label><input id=\"only-unexpected\" type=\"checkbox\"> only unexpected results</label>");
        writer.Write("<label><input id=\"only-nonbalanced\" type=\"checkbox\"> only violations, traps, faults</label></div>");
        writer.Write("<pre id=\"errors\"></pre></header>\n");
    }

    /// <summary>Opens a group (an ISA) with its heading and a table with these columns.</summary>
    public void BeginGroup(string name, IReadOnlyList<string> columns, string? note = null)
    {
        writer.Write($"<section class=\"group\" data-group=\"{E(name)}\"><h2>{E(name)} <span class=\"count\"></span></h2>");
        if (note is not null)
        {
            writer.Write($"<p class=\"note\">{E(note)}</p>");
        }
        writer.Write("<table class=\"rows\"><thead><tr>");
        foreach (var c in columns)
        {
            writer.Write($"<th>{E(c)}</th>");
        }
        writer.Write("</tr></thead><tbody>\n");
    }

    /// <summary>One row; <paramref name="verdict"/> and <paramref name="ok"/> drive the check boxes.</summary>
    public void Row(IReadOnlyList<string> cells, string verdict, bool ok, string? id = null)
    {
        writer.Write($"<tr class=\"row {(ok ? "ok" : "bad")}\" data-verdict=\"{E(verdict)}\" data-ok=\"{(ok ? "true" : "false")}\"{(id is null ? "" : $" id=\"{E(id)}\"")}>");
        foreach (var c in cells)
        {
            writer.Write($"<td>{E(c)}</td>");
        }
        writer.Write("</tr>\n");
    }

    /// <summary>The detail row after a row: the stack picture of the explained call and its trace, collapsed.</summary>
    public void Explained(int columns, IsaBackend isa, CallTrace trace, int call, string what)
    {
        writer.Write($"<tr class=\"detail\"><td colspan=\"{columns}\"><div class=\"explain\">");
        var traced = trace.Calls.FirstOrDefault(c => c.Index == call);
        if (traced is not null)
        {
            writer.Write(StackPicture.Svg(isa, traced, trace.Steps.Where(st => st.Call == call).SelectMany(st => st.Memory), trace.AtEnd?.StackPointer));
        }
        else if (trace.AtEnd is { } end)
        {
            writer.Write(StackPicture.Svg(isa, end, what));
        }
        var steps = trace.SiteAnd(call).ToList();
        writer.Write($"<details class=\"trace\"><summary>explain: call {call}{(traced is null ? " (never made)" : $" ({E(traced.Callee)})")}, {steps.Count} instructions</summary>");
        writer.Write("<table class=\"steps\"><thead><tr><th>where</th><th>bytes</th><th>instruction</th><th>changes</th></tr></thead><tbody>");
        var skipFrom = steps.Count > MaxTraceRows ? MaxTraceRows / 2 : int.MaxValue;
        var skipTo = steps.Count - MaxTraceRows / 2;
        for (var i = 0; i < steps.Count; i++)
        {
            if (i == skipFrom)
            {
                writer.Write($"<tr><td colspan=\"4\">... {skipTo - skipFrom} instructions not shown ...</td></tr>");
                i = skipTo;
            }
            var s = steps[i];
            var changes = s.Registers.Select(r => $"{r.Name} {Hex.Of(r.Old)} → {Hex.Of(r.New)}")
                .Concat(s.Memory.Select(m => $"mem[{Hex.Of(m.Address)}] {Convert.ToHexStringLower(m.Old)} → {Convert.ToHexStringLower(m.New)}"))
                .Concat(s.SpDelta != 0 ? [$"sp {ExplainTextReport.SignedBytes(s.SpDelta)}"] : []);
            var cls = s.Event is not null ? "event" : s.Call is null ? "site" : "callee";
            writer.Write($"<tr class=\"{cls}\"><td>{E(s.Place)}</td><td class=\"mono\">{E(Convert.ToHexStringLower(s.Bytes))}</td><td class=\"mono\">{E(s.Text)}</td><td>{E(string.Join("; ", changes))}</td></tr>");
            if (s.Event is { } e)
            {
                writer.Write($"<tr class=\"event\"><td colspan=\"4\">{E(ExplainTextReport.Describe(e))}</td></tr>");
            }
        }
        writer.Write("</tbody></table></details></div></td></tr>\n");
    }

    public void EndGroup() => writer.Write("</tbody></table></section>\n");

    /// <summary>A paragraph outside the tables (a note, a summary line).</summary>
    public void Paragraph(string text) => writer.Write($"<p>{E(text)}</p>\n");

    public void End()
    {
        writer.Write($"<footer>tpsim, {E(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))}</footer>");
        writer.Write($"<script>{Script}</script></body></html>\n");
    }

    public static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """
        body{font:14px/1.4 system-ui,sans-serif;margin:1em 2em;color:#222}
        h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.15em;margin:1.2em 0 .3em}
        .filters{display:flex;gap:1.2em;align-items:center;margin:.5em 0}.filters input[type=search]{width:22em;padding:.2em}
        #errors:empty{display:none}#errors{color:#a00;border:1px solid #a00;padding:.5em}
        table.rows{border-collapse:collapse;width:100%}table.rows th,table.rows td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
        table.rows th{background:#f0f0f0;position:sticky;top:0}tr.bad>td{background:#fde8e8}tr.ok>td:nth-child(n){background:#fff}
        tr.detail>td{background:#fafafa}.explain{display:flex;gap:1.5em;align-items:flex-start;flex-wrap:wrap}
        details.trace{max-width:100%}table.steps{border-collapse:collapse;font-size:12px}table.steps td,table.steps th{border-bottom:1px solid #eee;padding:1px 6px;text-align:left}
        tr.event td{background:#ffd7d7;font-weight:600}tr.callee td{background:#eef7ee}.mono,svg text{font-family:ui-monospace,monospace}
        svg text{font-size:11px}svg text.h{font-weight:600}svg rect{stroke:#999;stroke-width:.5}
        rect.caller{fill:#e8e8e8}rect.args{fill:#cfe3ff}rect.save{fill:#e6dcff}rect.ret{fill:#ffe8a8}rect.callee{fill:#d9f2d9}rect.free{fill:#fff}rect.cb{fill:#ff9c9c}
        g.m line{stroke:#333;stroke-width:2}g.m.bad line{stroke:#c00}g.m.bad text{fill:#c00;font-weight:600}p.note{color:#555}footer{margin-top:2em;color:#777}
        """;

    private const string Script = """
        (function(){
          var errors=document.getElementById('errors');
          window.addEventListener('error',function(e){errors.textContent+=e.message+'\n';});
          var filter=document.getElementById('filter'),unexpected=document.getElementById('only-unexpected'),nonbalanced=document.getElementById('only-nonbalanced');
          function apply(){
            var q=filter.value.toLowerCase();
            document.querySelectorAll('section.group').forEach(function(g){
              var shown=0,total=0;
              g.querySelectorAll('tr.row').forEach(function(tr){
                total++;
                var show=(!q||tr.textContent.toLowerCase().indexOf(q)>=0)&&(!unexpected.checked||tr.dataset.ok==='false')&&(!nonbalanced.checked||tr.dataset.verdict!=='balanced');
                tr.hidden=!show;
                for(var d=tr.nextElementSibling;d&&d.classList.contains('detail');d=d.nextElementSibling){d.hidden=!show;}
                if(show){shown++;}
              });
              g.querySelector('.count').textContent='('+shown+' of '+total+' rows)';
            });
          }
          // A link can carry a filter: report.html#filter=callee-pop&nonbalanced&unexpected.
          location.hash.slice(1).split('&').forEach(function(p){
            if(p.indexOf('filter=')===0){filter.value=decodeURIComponent(p.slice(7));}
            if(p==='unexpected'){unexpected.checked=true;}
            if(p==='nonbalanced'){nonbalanced.checked=true;}
          });
          filter.addEventListener('input',apply);unexpected.addEventListener('change',apply);nonbalanced.addEventListener('change',apply);
          apply();
          document.body.setAttribute('data-ready','1');
        })();
        """;
}

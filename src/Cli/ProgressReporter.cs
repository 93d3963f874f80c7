using System.Globalization;
using Spectre.Console;
using Tpsim.Cli.Commands;

namespace Tpsim.Cli;

/// <summary>
/// What a long command is doing: on a terminal, a spinner on stderr with the latest step and the cases done so far,
/// cleared when the work ends; otherwise (stderr redirected, or a JSON or JUnit report on stdout) no spinner, and each
/// <c>kernel: ...</c> step is a stderr line as before, so logs and piped output stay plain.
/// </summary>
public sealed class ProgressReporter
{
    private readonly string _title;
    private int _cases;
    private volatile string? _step;
    private readonly List<string> _deferred = [];

    private ProgressReporter(string title, bool live)
    {
        _title = title;
        Live = live;
    }

    /// <summary>Whether the spinner is on.</summary>
    public bool Live { get; }

    /// <summary>
    /// A spinner only where a person watches stderr, and never beside a machine-read report on stdout (a terminal that
    /// shows both would interleave them).
    /// </summary>
    public static bool Enabled(bool errorRedirected, ReportFormat format, string? outPath) =>
        !errorRedirected && !(outPath is null && format is ReportFormat.Json or ReportFormat.Junit);

    /// <summary>Enabled for this process's stderr.</summary>
    public static bool Enabled(ReportFormat format, string? outPath = null) => Enabled(Console.IsErrorRedirected, format, outPath);

    /// <summary>Runs <paramref name="work"/> on this thread, with the spinner when <paramref name="live"/>.</summary>
    public static T Run<T>(string title, bool live, Func<ProgressReporter, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var reporter = new ProgressReporter(title, live);
        if (!live)
        {
            return work(reporter);
        }
        var result = default(T)!;
        try
        {
            // Stderr is a terminal here: told so, because Spectre's own detection falls back to printing every status
            // change as a line when stdout is redirected (`tpsim crosscheck > report.txt`).
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(Console.Error),
                Ansi = AnsiSupport.Yes,
                Interactive = InteractionSupport.Yes,
            });
            console.Status().Spinner(Spinner.Known.Dots).Start(Markup.Escape(title), ctx =>
            {
                // The work may report from many threads; the spinner picks the text up a few times a second.
                using var timer = new Timer(_ => ctx.Status = Markup.Escape(reporter.Text), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(200));
                result = work(reporter);
            });
        }
        finally
        {
            foreach (var line in reporter._deferred)
            {
                Console.Out.WriteLine(line);
            }
        }
        return result;
    }

    /// <summary>A <c>kernel: ...</c> step: the spinner's text on a terminal, a stderr line elsewhere.</summary>
    public void Kernel(string line)
    {
        if (Live)
        {
            _step = $"kernel: {line}";
        }
        else
        {
            Console.Error.WriteLine($"kernel: {line}");
        }
    }

    /// <summary>
    /// A line of the command's own output on stdout: at once without the spinner, after it with one (both share the
    /// terminal, and the spinner redraws its line).
    /// </summary>
    public void Output(string line)
    {
        if (Live)
        {
            _deferred.Add(line);
        }
        else
        {
            Console.Out.WriteLine(line);
        }
    }

    /// <summary>One more case done; safe from any thread.</summary>
    public void CaseDone() => Interlocked.Increment(ref _cases);

    /// <summary>The spinner's text: the command, the cases done, the latest step.</summary>
    public string Text
    {
        get
        {
            var cases = Volatile.Read(ref _cases);
            var done = cases > 0 ? string.Create(CultureInfo.InvariantCulture, $": {cases} cases done") : "";
            return _step is { } step ? $"{_title}{done} ({step})" : $"{_title}{done}";
        }
    }
}

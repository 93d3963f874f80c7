using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Tpsim.Tests.Cli.Reports;

/// <summary>
/// Debian's chromium, headless, on a report file: the DOM after the page's scripts ran (<c>--dump-dom</c>) and a PNG
/// screenshot. Each load gets a profile directory of its own, so loads may run in parallel.
/// </summary>
internal static partial class HeadlessChromium
{
    public const int Width = 1400;
    public const int Height = 1000;

    /// <summary>What the browser made of a page.</summary>
    public sealed record Page(string Dom, byte[] Png, string Log)
    {
        /// <summary>The script ran to its end (it marks body[data-ready]).</summary>
        public bool ScriptsRan => Dom.Contains("data-ready=\"1\"", StringComparison.Ordinal);

        /// <summary>Script errors: what the page's error handler listed, and uncaught errors the browser logged.</summary>
        public IReadOnlyList<string> ScriptErrors =>
        [
            .. ErrorsBlock().Match(Dom) is { Success: true } m && m.Groups[1].Value.Trim().Length > 0 ? [m.Groups[1].Value.Trim()] : Array.Empty<string>(),
            .. Log.Split('\n').Where(l => l.Contains("Uncaught", StringComparison.Ordinal)),
        ];

        public int Rows => RowTag().Count(Dom);

        public int HiddenRows => HiddenRowTag().Count(Dom);

        public int StackPictures => SvgTag().Count(Dom);

        /// <summary>The count line each group's script wrote: "(N of M rows)".</summary>
        public IReadOnlyList<string> Counts => [.. CountSpan().Matches(Dom).Select(m => m.Groups[1].Value)];

        /// <summary>The screenshot's size from its PNG header.</summary>
        public (int Width, int Height) PngSize => Png.Length >= 24 && Png.AsSpan(0, 8).SequenceEqual(PngSignature)
            ? (BinaryPrimitives.ReadInt32BigEndian(Png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(Png.AsSpan(20)))
            : (0, 0);
    }

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

    /// <summary>Loads <paramref name="htmlFile"/> (with an optional #fragment) twice: once for the DOM, once for the screenshot.</summary>
    public static Page Load(string htmlFile, string fragment = "")
    {
        var url = new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri + (fragment.Length > 0 ? "#" + fragment : "");
        var png = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(htmlFile))!, $"{Path.GetFileNameWithoutExtension(htmlFile)}-{Guid.NewGuid():N}.png");
        var (dom, log) = Run(["--dump-dom", url]);
        var (_, shotLog) = Run([$"--screenshot={png}", $"--window-size={Width},{Height}", url]);
        var bytes = File.Exists(png) ? File.ReadAllBytes(png) : [];
        return new Page(dom, bytes, log + shotLog);
    }

    private static (string Stdout, string Stderr) Run(IReadOnlyList<string> args)
    {
        var profile = Directory.CreateTempSubdirectory("tpsim-chromium-");
        try
        {
            var psi = new ProcessStartInfo("chromium")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // Headless as root in a container: no sandbox, no GPU, no /dev/shm reliance; console messages go to stderr.
            foreach (var a in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--enable-logging=stderr", "--v=0", $"--user-data-dir={profile.FullName}", .. args])
            {
                psi.ArgumentList.Add(a);
            }
            using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start chromium");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium {string.Join(' ', args)} did not finish");
            }
            process.WaitForExit();
            return (stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    [GeneratedRegex("<pre id=\"errors\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex ErrorsBlock();

    [GeneratedRegex("<tr class=\"row ")]
    private static partial Regex RowTag();

    [GeneratedRegex("<tr class=\"row [a-z]+\" [^>]*hidden")]
    private static partial Regex HiddenRowTag();

    [GeneratedRegex("<svg class=\"stack\"")]
    private static partial Regex SvgTag();

    [GeneratedRegex("<span class=\"count\">([^<]*)</span>")]
    private static partial Regex CountSpan();
}

using System.Diagnostics.CodeAnalysis;
using Tpsim.Emulator.Isa;

namespace Tpsim.Emulator.Toolchain;

/// <summary>
/// Builds C and assembly (.S, preprocessed) into ELF relocatable objects with clang-19, with the
/// ISA's kernel-style flags. Results are cached by content (source, language, triple, flags, the
/// compiler binary's identity) in memory and on disk, so a warm run spawns no process. Diagnostics
/// cite the file name the caller gave. Thread-safe.
/// </summary>
public sealed class Compiler
{
    private const string CacheFormat = "tpsim-compile-1";

    private readonly ArtifactCache _cache;
    private readonly string _clang;
    private readonly TimeSpan _timeout;
    private readonly Lazy<ToolLocator.Tool> _tool;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ToolLocator.Tool> _drivers = new(StringComparer.Ordinal);
    private long _processesSpawned;

    /// <param name="cacheDirectory">Where objects are kept; <see cref="DefaultCacheDirectory"/> when null.</param>
    /// <param name="timeout">How long one compiler run may take before it is killed; 60 s when null.</param>
    /// <param name="clang">The compiler to run: a name looked up on PATH, or a path.</param>
    public Compiler(string? cacheDirectory = null, TimeSpan? timeout = null, string clang = "clang-19")
    {
        CacheDirectory = cacheDirectory ?? DefaultCacheDirectory();
        _cache = new ArtifactCache(Path.Combine(CacheDirectory, "objects"), ".o");
        _clang = clang;
        _timeout = timeout ?? TimeSpan.FromSeconds(60);
        _tool = new Lazy<ToolLocator.Tool>(() => ToolLocator.Find(_clang));
    }

    public string CacheDirectory { get; }

    /// <summary>Compiler processes this instance has started; unchanged by cache hits.</summary>
    public long ProcessesSpawned => Interlocked.Read(ref _processesSpawned);

    /// <summary>$TPSIM_CACHE, else $XDG_CACHE_HOME/tpsim, else ~/.cache/tpsim.</summary>
    public static string DefaultCacheDirectory()
    {
        if (Environment.GetEnvironmentVariable("TPSIM_CACHE") is { Length: > 0 } explicitDir)
        {
            return explicitDir;
        }
        if (Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg)
        {
            return Path.Combine(xdg, "tpsim");
        }
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "tpsim");
    }

    /// <summary>
    /// Returns the bytes of an ELF relocatable object built from <paramref name="sourceText"/>; throws
    /// <see cref="ToolchainException"/> carrying the compiler's diagnostics on failure.
    /// </summary>
    /// <param name="fileName">The name diagnostics cite. If it is an existing file holding exactly <paramref name="sourceText"/> it is compiled in place.</param>
    public byte[] Compile(ToolchainSettings settings, SourceLanguage language, string sourceText, string fileName, IReadOnlyList<string>? extraFlags = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return CompileWith(Clang(settings), language, Flags(settings, language, extraFlags), sourceText, fileName);
    }

    /// <summary>
    /// Compiles C with one build's compiler and flags (<see cref="ToolchainSettings.FlagsFor"/>); assembly is
    /// always assembled by clang with the ISA's plain flags, as is. Throws <see cref="ToolchainException"/>
    /// when the build does not apply to the ISA or its compiler is not installed (naming the package).
    /// </summary>
    public byte[] Compile(BuildSpec build, ToolchainSettings settings, SourceLanguage language, string sourceText, string fileName, IReadOnlyList<string>? extraFlags = null)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(settings);
        var (driver, flags) = Resolve(build, settings, language, extraFlags);
        return CompileWith(driver, language, flags, sourceText, fileName);
    }

    /// <summary>The exact command line <see cref="Compile(BuildSpec, ToolchainSettings, SourceLanguage, string, string, IReadOnlyList{string}?)"/> runs, with the source named as given.</summary>
    public string CommandLine(BuildSpec build, ToolchainSettings settings, SourceLanguage language, string fileName, IReadOnlyList<string>? extraFlags = null)
    {
        var (driver, flags) = Resolve(build, settings, language, extraFlags);
        return string.Join(' ', new[] { driver.Name }.Concat(Arguments(driver, language, flags, fileName, "out.o")).Select(Quote));
    }

    private (Driver Driver, IReadOnlyList<string> Flags) Resolve(BuildSpec build, ToolchainSettings settings, SourceLanguage language, IReadOnlyList<string>? extraFlags)
    {
        if (language == SourceLanguage.Asm || build.IsDefault)
        {
            return (Clang(settings), Flags(settings, language, extraFlags));
        }
        var flags = settings.FlagsFor(build, out var notApplicable)
            ?? throw new ToolchainException($"build {build.Name} does not apply to {settings.Triple}: {notApplicable}");
        flags = [.. flags, .. extraFlags ?? []];
        return build.Compiler == CompilerKind.Gcc
            ? (new Driver(settings.GccDriver!, null, $"install it with `apt-get install -y {settings.GccPackage}` (./tpsim installs it when run as root)"), flags)
            : (Clang(settings), flags);
    }

    /// <summary>A compiler to run: its command name, the --target it needs (clang only), and how to install it.</summary>
    private sealed record Driver(string Name, string? Triple, string InstallHint);

    private Driver Clang(ToolchainSettings settings) => new(_clang, settings.Triple, ToolLocator.InstallHint);

    private byte[] CompileWith(Driver driver, SourceLanguage language, IReadOnlyList<string> flags, string sourceText, string fileName)
    {
        ArgumentNullException.ThrowIfNull(sourceText);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        if (sourceText.IndexOf('\0', StringComparison.Ordinal) is var nul and >= 0)
        {
            // A binary file given as a source would make the compiler print megabytes of garbage.
            var line = 1 + sourceText.AsSpan(0, nul).Count('\n');
            throw new ToolchainException($"{fileName}:{line}: the file holds a NUL byte; a source file is text (is it a binary?)");
        }
        var tool = driver.Name == _clang ? _tool.Value : _drivers.GetOrAdd(driver.Name, n => ToolLocator.Find(n, driver.InstallHint));
        var key = Key(tool, driver.Triple ?? driver.Name, language, sourceText, fileName, flags);
        if (_cache.TryGet(key, IsElf, out var cached))
        {
            return (byte[])cached.Clone();
        }
        var obj = Build(tool, driver, language, sourceText, fileName, flags);
        _cache.Put(key, obj);
        if (RecordJobs)
        {
            _jobs.Enqueue(new CompileJob(driver.Triple ?? driver.Name, () => Build(tool, driver, language, sourceText, fileName, flags)));
        }
        return (byte[])obj.Clone();
    }

    /// <summary>When true, every compile that missed the cache is kept as a <see cref="CompileJob"/> (the benchmark replays them).</summary>
    public bool RecordJobs { get; set; }

    /// <summary>The compiles that spawned a compiler while <see cref="RecordJobs"/> was on, in order.</summary>
    public IReadOnlyList<CompileJob> Jobs => [.. _jobs];

    private readonly System.Collections.Concurrent.ConcurrentQueue<CompileJob> _jobs = new();

    /// <summary><see cref="Compile(ToolchainSettings, SourceLanguage, string, string, IReadOnlyList{string}?)"/> without throwing: false with the message it would have thrown.</summary>
    public bool TryCompile(
        ToolchainSettings settings,
        SourceLanguage language,
        string sourceText,
        string fileName,
        IReadOnlyList<string>? extraFlags,
        [NotNullWhen(true)] out byte[]? obj,
        [NotNullWhen(false)] out string? error)
    {
        try
        {
            obj = Compile(settings, language, sourceText, fileName, extraFlags);
            error = null;
            return true;
        }
        catch (ToolchainException ex)
        {
            obj = null;
            error = ex.Message;
            return false;
        }
    }

    public bool TryCompile(
        ToolchainSettings settings,
        SourceLanguage language,
        string sourceText,
        string fileName,
        [NotNullWhen(true)] out byte[]? obj,
        [NotNullWhen(false)] out string? error) =>
        TryCompile(settings, language, sourceText, fileName, null, out obj, out error);

    /// <summary>The cache key <see cref="Compile(ToolchainSettings, SourceLanguage, string, string, IReadOnlyList{string}?)"/> would use: SHA-256 over everything that decides the object's bytes.</summary>
    public string CacheKey(ToolchainSettings settings, SourceLanguage language, string sourceText, string fileName, IReadOnlyList<string>? extraFlags = null) =>
        Key(_tool.Value, settings.Triple, language, sourceText, fileName, Flags(settings, language, extraFlags));

    private static string Key(ToolLocator.Tool tool, string target, SourceLanguage language, string sourceText, string fileName, IReadOnlyList<string> flags) =>
        // The base name is keyed because compilers record it (STT_FILE); the directory only affects messages.
        ArtifactCache.Key([CacheFormat, tool.Identity, target, language.ToString(), string.Join('\0', flags), Path.GetFileName(fileName), sourceText]);

    /// <summary>How many lines of a compiler's diagnostics a failure reports; the rest is counted.</summary>
    public const int DiagnosticLines = 20;

    /// <summary>The first <paramref name="max"/> lines of <paramref name="text"/>, and how many more there were.</summary>
    internal static string FirstLines(string text, int max)
    {
        var lines = text.Split('\n');
        return lines.Length <= max ? text : $"{string.Join('\n', lines[..max])}\n... and {lines.Length - max} more lines";
    }

    private static List<string> Flags(ToolchainSettings settings, SourceLanguage language, IReadOnlyList<string>? extraFlags) =>
        [.. language == SourceLanguage.C ? settings.CFlags : settings.AsmFlags, .. extraFlags ?? []];

    private byte[] Build(ToolLocator.Tool tool, Driver driver, SourceLanguage language, string sourceText, string fileName, IReadOnlyList<string> flags)
    {
        var work = Directory.CreateTempSubdirectory("tpsim-cc-");
        try
        {
            var inPlace = IsSameFile(fileName, sourceText);
            var input = inPlace ? fileName : Path.Combine(work.FullName, SafeName(fileName, language));
            if (!inPlace)
            {
                File.WriteAllText(input, sourceText);
            }
            var output = Path.Combine(work.FullName, "out.o");
            Interlocked.Increment(ref _processesSpawned);
            var result = ToolProcess.Run(driver.Name, tool.Path, Arguments(driver, language, flags, input, output), _timeout, $"compiling {fileName}");
            if (result.ExitCode != 0)
            {
                var message = inPlace ? result.StandardError : result.StandardError.Replace(input, fileName, StringComparison.Ordinal);
                message = FirstLines(message.Trim(), DiagnosticLines);
                throw new ToolchainException(
                    message.Length > 0 ? message : $"{driver.Name} failed with exit code {result.ExitCode} compiling {fileName}",
                    result.ExitCode);
            }
            var obj = File.ReadAllBytes(output);
            if (!IsElf(obj))
            {
                throw new ToolchainException($"{driver.Name} produced no ELF object for {fileName}");
            }
            return obj;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static List<string> Arguments(Driver driver, SourceLanguage language, IReadOnlyList<string> flags, string input, string output) =>
    [
        .. driver.Triple is { } triple ? [$"--target={triple}"] : Array.Empty<string>(),
        .. flags,
        driver.Triple is null ? "-fdiagnostics-color=never" : "-fno-color-diagnostics",
        "-x", language == SourceLanguage.C ? "c" : "assembler-with-cpp",
        "-c", input, "-o", output,
    ];

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_=+,./:".Contains(c)) ? arg : $"'{arg.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    private static bool IsSameFile(string fileName, string sourceText)
    {
        try
        {
            return File.Exists(fileName) && File.ReadAllText(fileName) == sourceText;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string SafeName(string fileName, SourceLanguage language)
    {
        var name = Path.GetFileName(fileName);
        return name.Length > 0 ? name : language == SourceLanguage.C ? "source.c" : "source.S";
    }

    internal static bool IsElf(byte[] bytes) =>
        bytes.Length >= 64 && bytes[0] == 0x7f && bytes[1] == (byte)'E' && bytes[2] == (byte)'L' && bytes[3] == (byte)'F';
}

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
        ArgumentNullException.ThrowIfNull(sourceText);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        var tool = _tool.Value;
        var flags = Flags(settings, language, extraFlags);
        var key = Key(tool, settings, language, sourceText, fileName, flags);
        if (_cache.TryGet(key, IsElf, out var cached))
        {
            return (byte[])cached.Clone();
        }
        var obj = Build(tool, settings, language, sourceText, fileName, flags);
        _cache.Put(key, obj);
        return (byte[])obj.Clone();
    }

    /// <summary><see cref="Compile"/> without throwing: false with the message it would have thrown.</summary>
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

    /// <summary>The cache key <see cref="Compile"/> would use: SHA-256 over everything that decides the object's bytes.</summary>
    public string CacheKey(ToolchainSettings settings, SourceLanguage language, string sourceText, string fileName, IReadOnlyList<string>? extraFlags = null) =>
        Key(_tool.Value, settings, language, sourceText, fileName, Flags(settings, language, extraFlags));

    private static string Key(ToolLocator.Tool tool, ToolchainSettings settings, SourceLanguage language, string sourceText, string fileName, IReadOnlyList<string> flags) =>
        // The base name is keyed because clang records it (STT_FILE); the directory only affects messages.
        ArtifactCache.Key([CacheFormat, tool.Identity, settings.Triple, language.ToString(), string.Join('\0', flags), Path.GetFileName(fileName), sourceText]);

    private static List<string> Flags(ToolchainSettings settings, SourceLanguage language, IReadOnlyList<string>? extraFlags) =>
        [.. language == SourceLanguage.C ? settings.CFlags : settings.AsmFlags, .. extraFlags ?? []];

    private byte[] Build(ToolLocator.Tool tool, ToolchainSettings settings, SourceLanguage language, string sourceText, string fileName, IReadOnlyList<string> flags)
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
            List<string> arguments =
            [
                $"--target={settings.Triple}", .. flags, "-fno-color-diagnostics",
                "-x", language == SourceLanguage.C ? "c" : "assembler-with-cpp",
                "-c", input, "-o", output,
            ];
            Interlocked.Increment(ref _processesSpawned);
            var result = ToolProcess.Run(_clang, tool.Path, arguments, _timeout, $"compiling {fileName}");
            if (result.ExitCode != 0)
            {
                var message = inPlace ? result.StandardError : result.StandardError.Replace(input, fileName, StringComparison.Ordinal);
                message = message.Trim();
                throw new ToolchainException(
                    message.Length > 0 ? message : $"{_clang} failed with exit code {result.ExitCode} compiling {fileName}",
                    result.ExitCode);
            }
            var obj = File.ReadAllBytes(output);
            if (!IsElf(obj))
            {
                throw new ToolchainException($"{_clang} produced no ELF object for {fileName}");
            }
            return obj;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

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

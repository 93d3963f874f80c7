namespace Tpsim.Cli;

/// <summary>Every user-facing error message of tpsim, so wording stays consistent and testable in one place.</summary>
public static class CliErrors
{
    public static UsageException UnknownIsa(string name, IEnumerable<string> known) =>
        new($"unknown ISA '{name}'; known ISAs: {string.Join(", ", known)}");

    public static UsageException NoIsa(IEnumerable<string> known) =>
        new($"--arch names no ISA; known ISAs: {string.Join(", ", known)}");

    public static UsageException MissingOption(string option, string hint) =>
        new($"{option} is required ({hint})");

    public static UsageException MissingValue(string option) =>
        new($"{option}: the option needs a value");

    public static UsageException UnknownChoice(string option, string value, IEnumerable<string> allowed) =>
        new($"{option}: unknown value '{value}'; expected one of: {string.Join(", ", allowed)}");

    public static UsageException ArgsOutOfRange(string value, int max) =>
        new($"--args: '{value}' is not a whole number in 0..{max}");

    public static UsageException StubNotFound(string path) =>
        new($"stub file not found: {path}");

    public static UsageException StubIsDirectory(string path) =>
        new($"--stub: {path} is a directory, not a stub file");

    public static UsageException StubUnreadable(string path, Exception cause) =>
        new($"cannot read stub file {path}: {cause.Message}", cause);

    public static UsageException StubExtension(string path) =>
        new($"{path}: a stub must be a .c, .S or .s file");

    public static UsageException OutDirectoryMissing(string path) =>
        new($"--out: directory of {path} does not exist");

    public static UsageException OutEmpty() =>
        new("--out: the file name is empty");

    public static UsageException ReportUnwritable(string destination, Exception cause) =>
        new($"cannot write the report to {destination}: {cause.Message}", cause);

    public static UsageException OutUnwritable(string path, Exception cause) =>
        new($"--out: cannot write {path}: {cause.Message}", cause);

    /// <summary>The toolchain's own text already reads "file:line:col: error: ...", so it is passed through unchanged.</summary>
    public static UsageException BuildFailed(Exception cause) =>
        new(cause.Message.TrimEnd(), cause);

    public static UsageException LoadFailed(Exception cause) =>
        new($"cannot load the stub: {cause.Message.TrimEnd()}", cause);

    public static UsageException StubRejected(Exception cause) =>
        new($"cannot run the stub: {cause.Message.TrimEnd()}", cause);

    public static UsageException NativeLibraryMissing(Exception cause) =>
        new($"a native library is missing ({cause.Message}); run ./tpsim, which installs libunicorn2", cause);

    public static UsageException GeneratedExcludes() =>
        new("--generated names the prototype, array and stub itself; drop --stub, --args and --site");

    public static UsageException BadGeneratedCase(string spec, string error) =>
        new($"--generated '{spec}': {error}");

    public static UsageException OracleUnavailable(string isa, string why) =>
        new($"no independent executor for {isa} on this machine: {why}");

    public static UsageException NotWholeNumber(string option, string value, long min = 0, long max = long.MaxValue) =>
        new(max == long.MaxValue ? $"{option}: '{value}' is not a whole number" : $"{option}: '{value}' is not a whole number in {min}..{max}");

    public static UsageException OneBuildOnly() =>
        new("check runs one build: give one --compiler and one --config (matrix and scenario take lists)");

    public static UsageException NothingToRun(IEnumerable<string> reasons) =>
        new($"nothing to run: no requested build applies to a requested ISA ({string.Join("; ", reasons)})");

    public static UsageException BuildNotApplicable(string build, string isa, string reason) =>
        new($"build {build} does not apply to {isa}: {reason}");

    public static UsageException UnknownStrategy(string name, IEnumerable<string> known) =>
        new($"unknown strategy '{name}'; known strategies: {string.Join(", ", known)}, or all");

    public static UsageException UnknownBuiltin(string name, IEnumerable<string> known) =>
        new($"no built-in scenario '{name}'; built-ins: {string.Join(", ", known)}");

    public static UsageException ScenarioSource() =>
        new("give a scenario FILE or --builtin NAME (one of them; see tpsim scenario --list)");

    public static UsageException ScenarioIsDirectory(string path) =>
        new($"{path} is a directory, not a scenario file");

    public static UsageException ScenarioFileMissing(string path) =>
        new($"scenario file not found: {path}");

    /// <summary>Scenario errors already read "file:line: what (at 'word')".</summary>
    public static UsageException ScenarioRejected(Exception cause) =>
        new(cause.Message.TrimEnd(), cause);

    public static UsageException BadShard(string error) => new(error);

    public static UsageException EmptyShard(string shard, int total) =>
        new($"--shard {shard}: takes no case of the run's {total}; use at most {total} shards");

    public static UsageException ShardedSoak() =>
        new("--shard and --minutes do not combine: a soak's rounds depend on time, so shards would not add up to one run");

    /// <summary>Merge errors already name the file (and line), as <c>file:line: what</c>.</summary>
    public static UsageException MergeRejected(string error) => new($"merge: {error}");

    public static UsageException MergeFormat(string kind, string format, IEnumerable<string> allowed) =>
        new($"merge: --format {format} does not apply to {kind}; it merges into {string.Join(" or ", allowed)}");

    /// <summary>Not a <see cref="UsageException"/>: internal errors keep their stack trace for the bug report.</summary>
    public static string InternalError(Exception ex) =>
        $"internal error in tpsim (exit {ExitCodes.Internal}); please report it with this trace:{Environment.NewLine}{ex}";
}

using LibObjectFile.Elf;
using Tpsim.Emulator.Toolchain;
using Xunit;

namespace Tpsim.Tests.Emulator.Toolchain;

/// <summary>The real clang-19 behind <see cref="Compiler"/>: objects, diagnostics, cache and limits.</summary>
public sealed class CompilerTests : IClassFixture<TempCache>
{
    private const string InstallHint = "install with `apt-get install -y clang-19 lld-19 llvm-19`";

    private readonly TempCache _cache;

    public CompilerTests(TempCache cache) => _cache = cache;

    public static TheoryData<string, ushort> Machines => new()
    {
        { "x86_64", 62 },
        { "arm64", 183 },
        { "riscv64", 243 },
    };

    [Theory]
    [MemberData(nameof(Machines))]
    public void C_and_asm_compile_to_relocatable_objects_for_the_isa(string isa, ushort machine)
    {
        var settings = IsaUnderTest.ByName(isa).Toolchain;
        var c = _cache.Compiler.Compile(settings, SourceLanguage.C, "int answer(void) { return 42; }\n", "answer.c");
        var asm = _cache.Compiler.Compile(settings, SourceLanguage.Asm, "#define NAME answer\n    .text\n    .globl NAME\nNAME:\n", "answer.S");

        foreach (var obj in new[] { c, asm })
        {
            using var stream = new MemoryStream(obj);
            var elf = ElfFile.Read(stream, new ElfReaderOptions());
            Assert.Equal(ElfFileType.Relocatable, elf.FileType);
            Assert.Equal(machine, (ushort)elf.Arch.Value);
            Assert.Contains(elf.Sections.OfType<ElfSymbolTable>().Single().Entries, s => s.Name.Value == "answer");
        }
    }

    [Fact]
    public void Asm_error_cites_the_given_name_with_line_and_column()
    {
        var text = "    .text\nf:\n    bogus_insn %rax\n";
        var ex = Assert.Throws<ToolchainException>(() =>
            _cache.Compiler.Compile(IsaUnderTest.X86_64.Toolchain, SourceLanguage.Asm, text, "/home/u/stub.S"));

        Assert.Contains("/home/u/stub.S:3:5: error:", ex.Message);
        Assert.DoesNotContain("tpsim-cc-", ex.Message);
        Assert.NotEqual(0, ex.ExitCode);
    }

    [Fact]
    public void C_error_cites_the_given_name_with_line_and_column()
    {
        var text = "int f(void)\n{\n    return undeclared;\n}\n";
        var ex = Assert.Throws<ToolchainException>(() =>
            _cache.Compiler.Compile(IsaUnderTest.Riscv64.Toolchain, SourceLanguage.C, text, "probes/stub.c"));

        Assert.Contains("probes/stub.c:3:12: error: use of undeclared identifier 'undeclared'", ex.Message);
        Assert.DoesNotContain(Path.GetTempPath(), ex.Message);
    }

    [Fact]
    public void TryCompile_returns_the_diagnostics_instead_of_throwing()
    {
        var settings = IsaUnderTest.Arm64.Toolchain;

        Assert.False(_cache.Compiler.TryCompile(settings, SourceLanguage.C, "int f(void) { return }\n", "bad.c", out var none, out var error));
        Assert.Null(none);
        Assert.Contains("bad.c:1:22: error:", error);

        Assert.True(_cache.Compiler.TryCompile(settings, SourceLanguage.C, "int f(void) { return 1; }\n", "good.c", out var obj, out var noError));
        Assert.NotNull(obj);
        Assert.Null(noError);
    }

    [Fact]
    public void Existing_file_with_the_same_text_compiles_in_place_so_its_includes_resolve()
    {
        var dir = Directory.CreateTempSubdirectory("tpsim-inplace-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "defs.h"), "#define VALUE 42\n");
            var path = Path.Combine(dir, "stub.c");
            var text = "#include \"defs.h\"\nint value(void) { return VALUE; }\n";
            File.WriteAllText(path, text);
            var settings = IsaUnderTest.X86_64.Toolchain;

            Assert.NotEmpty(_cache.Compiler.Compile(settings, SourceLanguage.C, text, path));

            // Different text under the same name is compiled from a copy, away from defs.h, yet still
            // cited by the given path.
            var edited = text + "int other(void) { return VALUE + 1; }\n";
            var ex = Assert.Throws<ToolchainException>(() => _cache.Compiler.Compile(settings, SourceLanguage.C, edited, path));
            Assert.Contains($"{path}:1:10: fatal error: 'defs.h' file not found", ex.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Warm_compile_spawns_no_process_even_in_a_new_instance()
    {
        var settings = IsaUnderTest.Riscv64.Toolchain;
        var text = $"/* {Guid.NewGuid()} */\nint f(int x) {{ return x * 3; }}\n";
        var first = new Compiler(_cache.Directory);

        var cold = first.Compile(settings, SourceLanguage.C, text, "f.c");
        Assert.Equal(1, first.ProcessesSpawned);
        var warm = first.Compile(settings, SourceLanguage.C, text, "f.c");
        Assert.Equal(1, first.ProcessesSpawned);

        var second = new Compiler(_cache.Directory);
        var fromDisk = second.Compile(settings, SourceLanguage.C, text, "f.c");
        Assert.Equal(0, second.ProcessesSpawned);
        Assert.Equal(cold, warm);
        Assert.Equal(cold, fromDisk);
        Assert.True(File.Exists(Path.Combine(_cache.Directory, "objects", second.CacheKey(settings, SourceLanguage.C, text, "f.c") + ".o")));

        warm[0] = 0; // callers get copies: scribbling on one must not poison the cache
        Assert.Equal(cold, second.Compile(settings, SourceLanguage.C, text, "f.c"));
    }

    [Fact]
    public void Cache_key_changes_with_every_input_that_shapes_the_object()
    {
        var compiler = new Compiler(_cache.Directory);
        var settings = IsaUnderTest.X86_64.Toolchain;
        var text = $"/* {Guid.NewGuid()} */\nint g(void) {{ return VALUE; }}\n";
        var key = compiler.CacheKey(settings, SourceLanguage.C, text, "g.c", ["-DVALUE=1"]);

        Assert.Equal(key, compiler.CacheKey(settings, SourceLanguage.C, text, "g.c", ["-DVALUE=1"]));
        Assert.Equal(key, compiler.CacheKey(settings, SourceLanguage.C, text, "/elsewhere/g.c", ["-DVALUE=1"]));
        Assert.NotEqual(key, compiler.CacheKey(settings, SourceLanguage.C, text, "g.c", ["-DVALUE=2"]));
        Assert.NotEqual(key, compiler.CacheKey(settings, SourceLanguage.C, text, "g.c", ["-DVALUE=1", "-O0"]));
        Assert.NotEqual(key, compiler.CacheKey(settings with { CFlags = [.. settings.CFlags, "-fno-inline"] }, SourceLanguage.C, text, "g.c", ["-DVALUE=1"]));
        Assert.NotEqual(key, compiler.CacheKey(settings with { Triple = "x86_64-unknown-none" }, SourceLanguage.C, text, "g.c", ["-DVALUE=1"]));
        Assert.NotEqual(key, compiler.CacheKey(settings, SourceLanguage.Asm, text, "g.c", ["-DVALUE=1"]));
        Assert.NotEqual(key, compiler.CacheKey(settings, SourceLanguage.C, text + " ", "g.c", ["-DVALUE=1"]));

        var one = compiler.Compile(settings, SourceLanguage.C, text, "g.c", ["-DVALUE=1"]);
        var two = compiler.Compile(settings, SourceLanguage.C, text, "g.c", ["-DVALUE=2"]);
        Assert.Equal(2, compiler.ProcessesSpawned);
        Assert.NotEqual(one, two);
    }

    [Fact]
    public void Parallel_compilers_sharing_a_cache_agree_and_leave_no_partial_files()
    {
        var settings = IsaUnderTest.Arm64.Toolchain;
        var text = $"/* {Guid.NewGuid()} */\nlong h(long a, long b) {{ return a * b + 7; }}\n";

        var results = Enumerable.Range(0, 8).AsParallel()
            .Select(_ => new Compiler(_cache.Directory).Compile(settings, SourceLanguage.C, text, "h.c"))
            .ToList();

        Assert.All(results, r => Assert.Equal(results[0], r));
        Assert.Empty(Directory.GetFiles(Path.Combine(_cache.Directory, "objects"), "*.tmp"));
    }

    [Fact]
    public void Missing_compiler_says_how_to_install_it()
    {
        var compiler = new Compiler(_cache.Directory, clang: "clang-19-not-installed-here");

        var ex = Assert.Throws<ToolchainException>(() =>
            compiler.Compile(IsaUnderTest.X86_64.Toolchain, SourceLanguage.C, "int x;\n", "x.c"));

        Assert.Contains("clang-19-not-installed-here", ex.Message);
        Assert.Contains(InstallHint, ex.Message);
        Assert.Equal(0, compiler.ProcessesSpawned);
    }

    [Fact]
    public void A_compiler_that_overruns_its_time_is_killed()
    {
        var compiler = new Compiler(_cache.Directory, timeout: TimeSpan.FromMilliseconds(1));
        var text = $"/* {Guid.NewGuid()} */\nint slow(void) {{ return 1; }}\n";

        var ex = Assert.Throws<ToolchainException>(() =>
            compiler.Compile(IsaUnderTest.X86_64.Toolchain, SourceLanguage.C, text, "slow.c"));

        Assert.Contains("clang-19 did not finish within", ex.Message);
        Assert.Contains("slow.c", ex.Message);
        Assert.Null(ex.ExitCode);
    }

    [Fact]
    public void Default_cache_directory_follows_the_environment()
    {
        var expected = Environment.GetEnvironmentVariable("TPSIM_CACHE") is { Length: > 0 } explicitDir
            ? explicitDir
            : Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? Path.Combine(xdg, "tpsim")
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "tpsim");

        Assert.Equal(expected, Compiler.DefaultCacheDirectory());
        Assert.Equal(expected, new Compiler().CacheDirectory);
    }
}

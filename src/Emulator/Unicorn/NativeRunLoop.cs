using System.Runtime.InteropServices;
using Tpsim.Emulator.Toolchain;

namespace Tpsim.Emulator.Unicorn;

/// <summary>
/// The benchmark's yardstick: a loop in C, compiled with the system compiler and linked straight against
/// libunicorn.so.2, that restores a saved context and runs the engine n times with no managed code between
/// (or inside, once the engine's managed hooks are removed) the runs. It runs on tpsim's own engine, so the
/// code, memory and translation cache are exactly what tpsim's managed path ran.
/// </summary>
public sealed unsafe class NativeRunLoop : IDisposable
{
    private const string Source = """
        /* tpsim bench: n x (uc_context_restore; zero reset_size bytes at reset; uc_emu_start; compare those bytes with
           expect when given), declared here so no unicorn-dev headers are needed. */
        #include <stddef.h>
        #include <stdint.h>
        #include <string.h>
        typedef struct uc_struct uc_engine;
        typedef struct uc_context uc_context;
        extern int uc_context_restore(uc_engine *uc, uc_context *context);
        extern int uc_emu_start(uc_engine *uc, uint64_t begin, uint64_t until, uint64_t timeout, size_t count);
        extern int uc_mem_write(uc_engine *uc, uint64_t address, const void *bytes, size_t size);
        extern int uc_mem_read(uc_engine *uc, uint64_t address, void *bytes, size_t size);

        /* Returns 0, a uc_err, or -1 with *wrong_run set when a run left other bytes at reset than expect. */
        int tpsim_run_loop(uc_engine *uc, uc_context *context, uint64_t begin, uint64_t until, uint64_t budget, int n,
        		   uint64_t reset, size_t reset_size, const unsigned char *expect, int *wrong_run)
        {
        	static const unsigned char zero[16];
        	unsigned char now[16];

        	if (reset_size > sizeof(zero))
        		return 15; /* UC_ERR_ARG */
        	for (int i = 0; i < n; i++) {
        		int err = uc_context_restore(uc, context);
        		if (err)
        			return err;
        		if (reset_size) {
        			err = uc_mem_write(uc, reset, zero, reset_size);
        			if (err)
        				return err;
        		}
        		err = uc_emu_start(uc, begin, until, 0, (size_t)budget);
        		if (err)
        			return err;
        		if (expect) {
        			err = uc_mem_read(uc, reset, now, reset_size);
        			if (err)
        				return err;
        			if (memcmp(now, expect, reset_size)) {
        				*wrong_run = i;
        				return -1;
        			}
        		}
        	}
        	return 0;
        }
        """;

    private readonly IntPtr _library;
    private readonly delegate* unmanaged<IntPtr, IntPtr, ulong, ulong, ulong, int, ulong, nuint, byte*, int*, int> _loop;
    private readonly DirectoryInfo _dir;

    private NativeRunLoop(IntPtr library, IntPtr export, DirectoryInfo dir)
    {
        _library = library;
        _loop = (delegate* unmanaged<IntPtr, IntPtr, ulong, ulong, ulong, int, ulong, nuint, byte*, int*, int>)export;
        _dir = dir;
    }

    /// <summary>The command line that builds the loop, as the benchmark reports it.</summary>
    public static string CommandLine(string compiler = "gcc") => $"{compiler} -O2 -shared -fPIC -o libtpsim-loop.so loop.c -l:libunicorn.so.2";

    /// <summary>Compiles and loads the loop; throws <see cref="ToolchainException"/> when the compiler fails.</summary>
    public static NativeRunLoop Build(string compiler = "gcc")
    {
        var dir = Directory.CreateTempSubdirectory("tpsim-loop-");
        try
        {
            var c = Path.Combine(dir.FullName, "loop.c");
            var so = Path.Combine(dir.FullName, "libtpsim-loop.so");
            File.WriteAllText(c, Source);
            var r = HostProcess.Run(compiler, ["-O2", "-shared", "-fPIC", "-o", so, c, "-l:libunicorn.so.2"], null, TimeSpan.FromSeconds(60), "install gcc");
            if (r.TimedOut || r.ExitCode != 0)
            {
                throw new ToolchainException($"{CommandLine(compiler)} failed: {r.StandardError.Trim()}", r.ExitCode);
            }
            var library = NativeLibrary.Load(so);
            return new NativeRunLoop(library, NativeLibrary.GetExport(library, "tpsim_run_loop"), dir);
        }
        catch
        {
            dir.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="count"/> times from <paramref name="context"/> at <paramref name="begin"/> until
    /// <paramref name="until"/>, first zeroing <paramref name="resetSize"/> bytes (at most 16) at <paramref name="reset"/>
    /// each time, as the run's caller would reset guest state between runs. With <paramref name="expectAfter"/>, each
    /// run must leave exactly those bytes there (the probe log's length: every run recorded its calls), or the loop
    /// stops at that run.
    /// </summary>
    public NativeLoopResult Run(Engine engine, EngineContext context, ulong begin, ulong until, ulong budget, int count, ulong reset = 0, int resetSize = 0, byte[]? expectAfter = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(context);
        if (expectAfter is not null && expectAfter.Length != resetSize)
        {
            throw new ArgumentException($"expectAfter has {expectAfter.Length} bytes, the reset field {resetSize}", nameof(expectAfter));
        }
        var added = false;
        var contextAdded = false;
        try
        {
            engine.Handle.DangerousAddRef(ref added);
            context.DangerousAddRef(ref contextAdded);
            var wrongRun = -1;
            int status;
            fixed (byte* expect = expectAfter)
            {
                status = _loop(engine.Handle.DangerousGetHandle(), context.DangerousGetHandle(), begin, until, budget, count, reset, (nuint)resetSize, expect, &wrongRun);
            }
            return status == -1 ? new NativeLoopResult(UcError.Ok, wrongRun) : new NativeLoopResult((UcError)status, null);
        }
        finally
        {
            if (contextAdded)
            {
                context.DangerousRelease();
            }
            if (added)
            {
                engine.Handle.DangerousRelease();
            }
        }
    }

    public void Dispose()
    {
        NativeLibrary.Free(_library);
        _dir.Delete(recursive: true);
    }
}

/// <summary>How <see cref="NativeRunLoop.Run"/> ended: an engine error, or the first run that left other bytes than expected.</summary>
public readonly record struct NativeLoopResult(UcError Error, int? WrongRun)
{
    public bool Ok => Error == UcError.Ok && WrongRun is null;
}

using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.KernelSim.Kernel;
using Tpsim.KernelSim.Machine;
using Tpsim.KernelSim.Tracepoints;
using Tpsim.Linux.Build;

namespace Tpsim.Linux.Machine;

public sealed partial class LinuxMachine
{
    private readonly List<(ulong Start, ulong End)> _jumpTables = [];
    private readonly Dictionary<string, LoadedObject> _modules = new(StringComparer.Ordinal);
    private readonly HashSet<ulong> _entryTargets = [];

    /// <summary>Entries of the tracepoints' own stubs (__tracestub_NAME, on a tree patched to typed-stub), by code address.</summary>
    private readonly HashSet<ulong> _traceStubs = [];

    private const string TraceStubPrefix = "__tracestub_";
    private ObjectLoader? _moduleLoader;

    /// <summary>
    /// Builds <paramref name="name"/>.c with kbuild against this tree and loads it as the kernel's module loader does:
    /// its symbols resolved against the kernel and earlier modules (every missing one named), <c>struct module</c>'s
    /// tracepoint fields filled from its <c>__tracepoints_ptrs</c> section, its jump labels set to their keys, and the
    /// module notifiers told MODULE_STATE_COMING (the tracepoint core's adds its tracepoints).
    /// </summary>
    public LoadedObject LoadModule(string name, string source) => LoadModule(name, [new ModuleFile(name + ".c", source)]);

    /// <summary>Builds a module of several sources (<see cref="ModuleBuilds.Build(KernelBuild, string, IReadOnlyList{ModuleFile})"/>) and loads it.</summary>
    public LoadedObject LoadModule(string name, IReadOnlyList<ModuleFile> files)
    {
        var elf = File.ReadAllBytes(Modules.Build(Build, name, files));
        RequireProvided(elf, $"module {name}");
        _moduleLoader ??= new ObjectLoader(_engine, _symbols);
        var module = _moduleLoader.Load(elf, name, _nextModule, Isa.Relocator, exportOnly: RelocatableSymbols.Exports(elf));
        _nextModule = Pages.AlignUp(module.Range.End) + 0x10_0000;
        _objects.Add(module);
        _modules[name] = module;
        _traceStubs.UnionWith(module.Symbols.Where(s => s.Key.StartsWith(TraceStubPrefix, StringComparison.Ordinal)).Select(s => Isa.CodeAddress(_engine, s.Value)));
        Bugs.Add(_engine, module, Isa.Abi.ByteOrder, Layout, Isa.Abi.PointerSize);
        var word = Isa.Abi.PointerSize;
        var this_module = module.Symbol("__this_module");
        if (module.Sections.FirstOrDefault(s => s.Name == "__tracepoints_ptrs") is { } ptrs)
        {
            _engine.WriteWord(this_module + Layout.ModuleTracepointsPtrs, word, ptrs.Address, Isa.Abi.ByteOrder);
            _engine.WriteWord(this_module + Layout.ModuleNumTracepoints, 4, ptrs.Size / Layout.TracepointPtrSize, Isa.Abi.ByteOrder);
        }
        if (module.Sections.FirstOrDefault(s => s.Name == "__jump_table") is { } jumps)
        {
            _jumpTables.Add((jumps.Address, jumps.Address + jumps.Size));
            ApplyJumpLabels(jumps.Address, jumps.Address + jumps.Size, key: null);
        }
        foreach (var nb in _services.ModuleNotifiers.ToList())
        {
            // struct notifier_block: notifier_call first.
            Call(_engine.ReadWord(nb, word, Isa.Abi.ByteOrder), nb, Layout.ModuleStateComing, this_module);
        }
        return module;
    }

    /// <summary>
    /// do_init_module: runs the module's <c>init_module</c> (module_init's alias) when it has one. An init that returns
    /// non-zero or does not return normally is logged as init-failed and the module is taken out again (notifiers told
    /// MODULE_STATE_GOING, pages unmapped), as the kernel frees a module whose init failed. Null without an init.
    /// </summary>
    public RunOutcome? InitModule(string name)
    {
        var module = Module(name);
        if (!module.Symbols.TryGetValue("init_module", out var init))
        {
            return null;
        }
        var outcome = RunCall(init, [], null);
        if (outcome.Verdict == Verdict.Balanced)
        {
            RunCallbacks();
        }
        if (outcome.Verdict != Verdict.Balanced || outcome.IntResult != 0)
        {
            Dmesg.Add("init-failed", $"{name}: init_module failed ({(outcome.Verdict == Verdict.Balanced ? $"returned {outcome.IntResult}" : Describe(outcome))}); module freed");
            Remove(name, module);
        }
        return outcome;
    }

    /// <summary>
    /// rmmod: the module's <c>cleanup_module</c> runs when it has one, then the module notifiers are told
    /// MODULE_STATE_GOING (the tracepoint core drops the module's tracepoints), then its pages are unmapped and its
    /// exports withdrawn. Its addresses are never reused, so a call into it faults. Returns how the exit ran, or null.
    /// </summary>
    public RunOutcome? UnloadModule(string name)
    {
        var module = Module(name);
        RunOutcome? exit = null;
        if (module.Symbols.TryGetValue("cleanup_module", out var cleanup))
        {
            exit = RunCall(cleanup, [], null);
            if (exit.Verdict == Verdict.Balanced)
            {
                RunCallbacks();
            }
        }
        Remove(name, module);
        return exit;
    }

    private void Remove(string name, LoadedObject module)
    {
        var word = Isa.Abi.PointerSize;
        foreach (var nb in _services.ModuleNotifiers.ToList())
        {
            Call(_engine.ReadWord(nb, word, Isa.Abi.ByteOrder), nb, Layout.ModuleStateGoing, module.Symbol("__this_module"));
        }
        if (module.Sections.FirstOrDefault(s => s.Name == "__jump_table") is { } jumps)
        {
            _jumpTables.Remove((jumps.Address, jumps.Address + jumps.Size));
        }
        Bugs.Remove(module);
        _moduleLoader!.Unload(module);
        _modules.Remove(name);
    }

    public bool IsLoaded(string name) => _modules.ContainsKey(name);

    /// <summary>How reports name a function pointer: a placeholder's name, <c>stub</c> for the real tp_stub_func, MODULE.FUNCTION for a module's (loaded or not).</summary>
    public string NameOf(ulong pointer)
    {
        if (Placeholders.TryGetValue(pointer, out var placeholder))
        {
            return placeholder;
        }
        if (IsStub(pointer))
        {
            return "stub";
        }
        var code = Isa.CodeAddress(_engine, pointer);
        var owner = _objects.LastOrDefault(o => o.Range.Contains(code));
        return owner is not null && FunctionAt(code) is { } f ? (owner == Core ? f : $"{owner.Name}.{f}") : $"0x{pointer:x}";
    }

    /// <summary>
    /// Whether <paramref name="pointer"/> is what a failed removal writes in place as a function: the real tp_stub_func,
    /// or a tracepoint's own __tracestub_NAME on a tree patched to typed-stub.
    /// </summary>
    public bool IsStub(ulong pointer)
    {
        var code = Isa.CodeAddress(_engine, pointer);
        return (StubFunc != 0 && code == Isa.CodeAddress(_engine, StubFunc)) || _traceStubs.Contains(code);
    }

    /// <summary>The entries the last fire called, in order, by <see cref="NameOf"/>.</summary>
    public IReadOnlyList<string> LastCalls => [.. _run.Entered.Select(NameOf)];

    public LoadedObject Module(string name) => _modules.TryGetValue(name, out var m) ? m : throw new KeyNotFoundException($"no module '{name}'");

    /// <summary>Marks a module's code as the calling site of checked fires: its blocks see the returns and make the calls.</summary>
    public void AddSite(LoadedObject module)
    {
        // A tracepoint's own stub (__tracestub_NAME, typed-stub) is a callee the iterator calls, not calling code; the
        // loader's call stubs (ppc64) are on a callee's way to another object (a typed stub's _mcount), not calling code either.
        var starts = module.Symbols.Values.Select(v => Isa.CodeAddress(_engine, v)).Where(module.IsExecutable).Distinct().Order().ToList();
        var excluded = _traceStubs.Where(module.Range.Contains)
            .Select(stub => new AddressRange(stub, starts.Where(a => a > stub).DefaultIfEmpty(ulong.MaxValue).First()))
            .Concat(module.Sections.Where(s => s.Name == LoadedSection.CallStubsName).Select(s => s.Range))
            .OrderBy(r => r.Start)
            .ToList();
        foreach (var range in module.ExecutableRanges)
        {
            var at = range.Start;
            foreach (var gap in excluded.Where(g => range.Contains(g.Start)))
            {
                if (gap.Start > at)
                {
                    _run.AddSite(new AddressRange(at, gap.Start));
                }
                at = Math.Max(at, Math.Min(gap.End, range.End));
            }
            if (at < range.End)
            {
                _run.AddSite(new AddressRange(at, range.End));
            }
        }
    }

    /// <summary>static_key_enable/disable: the key's count, and every jump label of the key patched as the kernel's jump-label code does.</summary>
    internal void SetStaticKey(ulong key, bool enabled)
    {
        _engine.WriteWord(key, 4, enabled ? 1UL : 0, Isa.Abi.ByteOrder);
        foreach (var (start, end) in _jumpTables)
        {
            ApplyJumpLabels(start, end, key);
        }
    }

    /// <summary>
    /// struct jump_entry: with HAVE_ARCH_JUMP_LABEL_RELATIVE { s32 code; s32 target; long key; }, each relative to its
    /// own field, else three absolute words (arm); key's low bits are flags (bit 0: likely).
    /// </summary>
    private void ApplyJumpLabels(ulong start, ulong end, ulong? key)
    {
        var word = Isa.Abi.PointerSize;
        var order = Isa.Abi.ByteOrder;
        var size = Layout.JumpEntrySize;
        if (size == 0)
        {
            throw new KernelInputException("a __jump_table section in a kernel built without CONFIG_JUMP_LABEL");
        }
        // Field i of the entry at e: an absolute word, or (relative) the field's own address plus its s32 or long offset.
        ulong Field(ulong e, int i, int width)
        {
            if (!Layout.JumpLabelRelative)
            {
                return _engine.ReadWord(e + (ulong)(i * word), word, order);
            }
            var at = e + (ulong)(i * 4);
            var raw = _engine.ReadWord(at, width, order);
            var offset = width == 4 ? (ulong)(long)(int)(uint)raw : raw;
            return unchecked(at + offset) & MemoryWords.Mask(word);
        }
        for (var e = start; e + size <= end; e += size)
        {
            var code = Field(e, 0, 4);
            var target = Field(e, 1, 4);
            var keyField = Field(e, 2, word);
            var entryKey = keyField & ~3UL;
            if (key is { } only && entryKey != only)
            {
                continue;
            }
            var enabled = _engine.ReadWord(entryKey, 4, order) != 0;
            var jump = enabled ^ ((keyField & 1) != 0);
            var now = new byte[_runtime.JumpLabelMaxSize];
            _engine.Read(code, now);
            var bytes = _runtime.JumpLabel(now, code, target, jump);
            _engine.Write(code, bytes);
            _engine.RemoveCache(code, code + (ulong)bytes.Length);
        }
    }

    /// <summary>__static_call_update(key, tramp, func): the key's function (unless 0: the caller wrote it), and the trampoline rewritten to reach it.</summary>
    internal void UpdateStaticCall(ulong key, ulong trampoline, ulong function)
    {
        if (key != 0)
        {
            _engine.WriteWord(key, Isa.Abi.PointerSize, function, Isa.Abi.ByteOrder);
        }
        if (trampoline != 0 && _runtime.StaticCallTrampoline(trampoline, function) is { } bytes)
        {
            _engine.Write(trampoline, bytes);
            _engine.RemoveCache(trampoline, trampoline + (ulong)bytes.Length);
        }
    }

    /// <summary>The tracepoint's <c>funcs</c> pointer.</summary>
    public ulong FuncsPointer(ulong tracepoint) => _engine.ReadWord(tracepoint + Layout.TracepointFuncs, Isa.Abi.PointerSize, Isa.Abi.ByteOrder);

    /// <summary>The tracepoint's array as the kernel has it now: (func, data) until the NULL func, empty when funcs is NULL.</summary>
    public IReadOnlyList<(ulong Func, ulong Data)> Funcs(ulong tracepoint)
    {
        var word = Isa.Abi.PointerSize;
        var order = Isa.Abi.ByteOrder;
        var funcs = _engine.ReadWord(tracepoint + Layout.TracepointFuncs, word, order);
        var list = new List<(ulong, ulong)>();
        for (var at = funcs; funcs != 0; at += Layout.TracepointFuncSize)
        {
            var func = _engine.ReadWord(at, word, order);
            if (func == 0)
            {
                break;
            }
            list.Add((func, _engine.ReadWord(at + (ulong)word, word, order)));
        }
        return list;
    }

    /// <summary>
    /// Calls <paramref name="fire"/> (module code that calls <c>trace_NAME(args)</c>) with every call the array makes
    /// checked at its entry and return: the real static key, static call and iterator decide which calls happen. An
    /// entry <paramref name="records"/> accepts is a recording probe: its record in <paramref name="log"/> (emptied
    /// first) must hold the entry's data and the fired arguments.
    /// </summary>
    public RunOutcome Fire(ulong tracepoint, ulong fire, IReadOnlyList<ulong> args, RecordingLog? log = null, Func<ulong, bool>? records = null)
    {
        var expected = new List<ExpectedCall>();
        _entryTargets.Clear();
        var keyOn = _engine.ReadWord(tracepoint + (ulong)Isa.Abi.PointerSize, 4, Isa.Abi.ByteOrder) != 0;
        foreach (var (func, data) in keyOn ? Funcs(tracepoint) : [])
        {
            if (Placeholders.ContainsKey(func))
            {
                continue;
            }
            var code = Isa.CodeAddress(_engine, func);
            var recording = log is not null && records is not null && records(func);
            expected.Add(new ExpectedCall(code, func == StubFunc ? "tp_stub_func" : FunctionAt(code) ?? $"0x{code:x}", data, recording));
            _entryTargets.Add(code);
        }
        log?.Reset();
        // A long is a word: on i386 and arm the guest passes, and the probes see, the low 32 bits of each argument.
        var mask = MemoryWords.Mask(Isa.Abi.PointerSize);
        args = [.. args.Select(a => a & mask)];
        _monitor.Arm(expected, args, (IProbeLog?)log ?? NoLog.Instance, Places.StackTop);
        var outcome = RunCall(fire, args, _monitor, _entryTargets);
        if (outcome.Verdict == Verdict.Balanced)
        {
            RunCallbacks();
        }
        return outcome;
    }

    /// <summary>A reader of the recording probes' log at <paramref name="records"/>, its length at <paramref name="length"/>.</summary>
    public RecordingLog ProbeLog(ulong records, ulong length) => new(_engine, records, length, TracepointAbi.Of(Isa.Abi));

    /// <summary>The log of a fire without recording probes: nothing in the array is checked against it.</summary>
    private sealed class NoLog : IProbeLog
    {
        public static readonly NoLog Instance = new();

        public long Count => 0;

        public ProbeRecord Read(long index) => throw new KernelBugException("unsupported", "no probe log");
    }
}

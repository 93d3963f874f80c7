using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Tracing;
using Tpsim.Emulator.Unicorn;
using Tpsim.KernelSim.Kernel;
using Tpsim.KernelSim.Memory;
using Tpsim.Linux.Build;

namespace Tpsim.Linux.Machine;

/// <summary>
/// A real kernel in Unicorn: kbuild's own kernel/tracepoint.o as the core, booted by running its initcalls, with
/// modules kbuild builds loaded as the kernel's module loader would (tracepoints handed to the core through the module
/// notifier chain, jump labels and static calls patched per ISA). The kernel functions it needs beyond tracepoint.o are
/// C# services (<see cref="KernelServices"/>) or the ISA's machine code (<see cref="KernelRuntime"/>). Every call into
/// the guest runs through the one checked run; RCU and SRCU callbacks run in the guest after each call.
/// </summary>
public sealed partial class LinuxMachine : IDisposable
{
    /// <summary>Instructions one call into the guest may run before it is a timeout (a loop in kernel code).</summary>
    public const ulong CallBudget = 2_000_000;

    /// <summary>Stack above each call's entry, standing for its callers' frames: a write there lands in mapped memory, as in a kernel.</summary>
    public const ulong CallerArea = 0x1000;

    private readonly Engine _engine;
    private readonly CheckedRun _run;
    private readonly CallMonitor _monitor;
    private readonly SymbolTable _symbols = new();
    private readonly KernelServices _services;
    private readonly KernelRuntime _runtime;
    private readonly List<LoadedObject> _objects = [];
    private readonly RunWording _wording = new("kernel", "call", RunWording.EngineErrors);
    private ulong _nextModule;
    private EngineContext? _booted;

    /// <summary>Boots kernel/tracepoint.o of <paramref name="build"/>; refuses (exit 2) when it needs a symbol nobody provides.</summary>
    /// <param name="countInstructions">Count every instruction of every call (<see cref="RunOutcome.Instructions"/>); slower.</param>
    public LinuxMachine(KernelBuild build, KernelCache cache, Action<string>? progress = null, bool countInstructions = false)
    {
        ArgumentNullException.ThrowIfNull(build);
        Build = build;
        _runtime = build.Isa.KernelRuntime ?? throw new KernelInputException($"tpsim runs no real kernel on {build.Isa.Name} yet (its backend has no KernelRuntime)");
        Isa = _runtime.KernelAbiBackend ?? build.Isa;
        Modules = new ModuleBuilds(cache, progress);
        Layout = KernelStructs.Read(
            RelocatableSymbols.SymbolBytes(File.ReadAllBytes(Modules.Build(build, "tpsim_structs", KernelStructs.Source)), "tpsim_structs")
                ?? throw new InvalidOperationException("the layout module has no tpsim_structs"),
            Isa.Abi.BigEndian,
            Isa.Abi.PointerSize);
        Places = new LinuxLayout(Isa);
        _nextModule = Places.ModuleArea;
        _engine = Isa.CreateEngine(build.Build);
        try
        {
            Dmesg = new Dmesg();
            Heap = new KernelHeap(_engine, Places.HeapBase, LinuxLayout.HeapSize, Dmesg);
            _monitor = new CallMonitor(Isa, _runtime.UnreservedRegisters(build.Build));
            var exec = ExecutableMappings.Protection(_engine, UcProt.Read | UcProt.Exec);
            _engine.Map(Places.BridgePage, Pages.Size, exec);
            _engine.Map(Places.CallRoutines, 3 * Pages.Size, exec);
            _engine.Map(Places.Data, LinuxLayout.DataSize, UcProt.Read | UcProt.Write);
            _engine.Map(Places.PerCpu, LinuxLayout.PerCpuSize, UcProt.Read | UcProt.Write);
            _engine.Map(Places.StackBase, Places.StackTop - Places.StackBase, UcProt.Read | UcProt.Write);
            _run = new CheckedRun(_engine, Isa, Places.HaltPage, countInstructions, Symbolize)
            {
                Stack = new StackGuard(Places.StackGuardStart, Places.StackBase, Places.StackTop),
            };
            _services = new KernelServices(this, _engine, Isa.BridgeFor(build.Build), Places.BridgePage);
            _run.Dispatch = _services.TryDispatch;
            _run.DispatchRange = new AddressRange(Places.BridgePage, Places.BridgePage + Pages.Size);
            _services.Install(_symbols);
            DefineRoutines();
            DefineData();
            var library = Places.Libraries;
            foreach (var path in build.Isa.Toolchain.Kernel!.LibraryObjects)
            {
                var elf = File.ReadAllBytes(Path.Combine(build.Directory, path));
                RequireProvided(elf, path);
                var loaded = new ObjectLoader(_engine, _symbols).Load(elf, Path.GetFileName(path), library, Isa.Relocator, room: Places.Core - library);
                _objects.Add(loaded);
                library += loaded.Size;
            }
            var core = File.ReadAllBytes(build.TracepointObject);
            RequireProvided(core, "kernel/tracepoint.o");
            Core = new ObjectLoader(_engine, _symbols).Load(core, "tracepoint.o", Places.Core, Isa.Relocator);
            _objects.Add(Core);
            Bugs.Add(_engine, Core, Isa.Abi.ByteOrder, Layout, Isa.Abi.PointerSize);
            _run.TrapHandler = OnTrap;
            // A tree patched to another strategy (skip, fail) has no tp_stub_func.
            StubFunc = Core.Symbols.GetValueOrDefault("tp_stub_func");
            Boot();
        }
        catch
        {
            _engine.Dispose();
            throw;
        }
    }

    public KernelBuild Build { get; }

    /// <summary>The BUG and WARN sites of the loaded objects.</summary>
    public BugTable Bugs { get; } = new();

    public IsaBackend Isa { get; }

    public LinuxLayout Places { get; }

    /// <summary>The kernel's types as this build lays them out.</summary>
    public KernelStructs Layout { get; }

    public ModuleBuilds Modules { get; }

    public Dmesg Dmesg { get; }

    public KernelHeap Heap { get; }

    /// <summary>kbuild's kernel/tracepoint.o as loaded.</summary>
    public LoadedObject Core { get; }

    /// <summary>The real <c>tp_stub_func</c>, or 0 when the tree has none.</summary>
    public ulong StubFunc { get; }

    /// <summary>
    /// Values a patched tree writes in place that are no function (skip's and sentinel's <c>(void *)1</c>): how reports
    /// name such an entry. The iterator passes over them, so a fire expects no call to one.
    /// </summary>
    public Dictionary<ulong, string> Placeholders { get; } = [];

    public IEmulatedMemory Memory => _engine;

    /// <summary>
    /// Calls guest code at <paramref name="function"/> with integer arguments from a fresh stack; then runs the RCU and
    /// SRCU callbacks it queued, each a call of its own. A call that does not return normally is a
    /// <see cref="KernelBugException"/> naming what happened: these calls are the kernel's own API.
    /// </summary>
    public ulong Call(ulong function, params ulong[] args)
    {
        var outcome = RunCall(function, args, null);
        if (outcome.Verdict != Verdict.Balanced)
        {
            throw new KernelBugException("oops", $"{FunctionAt(function) ?? $"0x{function:x}"}: {Describe(outcome)}");
        }
        RunCallbacks();
        return outcome.ReturnValue;
    }

    private RunOutcome RunCall(ulong function, IReadOnlyList<ulong> args, CallMonitor? monitor, IReadOnlySet<ulong>? targets = null)
    {
        if (_booted is not null)
        {
            // Each call starts from the booted CPU: what an earlier call left in its registers (a trap midway, a
            // control's direction flag) never leaks into the next.
            _engine.RestoreContext(_booted);
        }
        if (monitor is not null)
        {
            // A checked call seeds the callee-saved registers the kernel does not own with distinct values, so a
            // callee that overwrites one shows, even with the value it held (zero in a booted FPU).
            var i = 0;
            foreach (var register in Isa.Abi.CalleeSaved.Where(r => !Isa.Abi.Reserved.Contains(r)))
            {
                GuestRegisters.Write(_engine, Isa.Registers[register], Seeds.CalleeSaved(i++) & MemoryWords.Mask(Isa.Abi.PointerSize));
            }
        }
        var sp = CallPlacement.Place(_engine, Isa, Places.StackTop - CallerArea, Places.HaltPage, args);
        try
        {
            return _run.Run(function, sp + (ulong)Isa.Abi.CallerStackPointerOffset, CallBudget, monitor, targets, _wording);
        }
        catch (KernelBugException bug)
        {
            Dmesg.Add("oops", $"{bug.Kind}: {bug.Message} (called from {Symbolize(ReturnAddress()) ?? "?"})");
            return new RunOutcome(Verdict.Trap, 0, new TrapInfo(TrapKind.KernelBug, _run.LastPc, bug.Message), null, null, monitor is null ? [] : [.. monitor.Violations], []);
        }
    }

    private void RunCallbacks()
    {
        for (var i = 0; _services.PendingCallbacks.Count > 0; i++)
        {
            if (i > 10_000)
            {
                throw new KernelBugException("rcu", "RCU callbacks keep queueing more callbacks");
            }
            var (head, function, flavour) = _services.PendingCallbacks.Dequeue();
            var outcome = RunCall(function, [head], null);
            if (outcome.Verdict != Verdict.Balanced)
            {
                throw new KernelBugException("oops", $"{flavour} callback {FunctionAt(function) ?? $"0x{function:x}"}: {Describe(outcome)}");
            }
        }
    }

    private static string Describe(RunOutcome o) =>
        $"{o.Verdict.ToName()}{(o.Trap is { } t ? $" ({t.Kind.ToName()} at 0x{t.Pc:x}: {t.Instruction})" : "")}{(o.Fault is { } f ? $" ({f.Access.ToName()} of 0x{f.Address:x} at 0x{f.Pc:x})" : "")}{(o.Notes.Count > 0 ? ": " + string.Join("; ", o.Notes) : "")}";

    /// <summary>
    /// The kernel's BUG/WARN exception handling (report_bug): a WARN at a <c>__bug_table</c> site is a dmesg warning
    /// naming file:line, printed once for WARN_ON_ONCE, and execution resumes after the trap instruction; a BUG is a
    /// trap of kind kernel-bug. Any other trap (a kCFI check, a control's own) ends the run as it is.
    /// </summary>
    private TrapResolution? OnTrap(TrapInfo trap)
    {
        if (!Bugs.TryFind(trap.Pc, out var bug))
        {
            return null;
        }
        var where = $"{bug.File}:{bug.Line} {Symbolize(trap.Pc) ?? $"0x{trap.Pc:x}"}";
        var flags = (ushort)_engine.ReadWord(bug.FlagsAddress, 2, Isa.Abi.ByteOrder);
        if ((flags & BugTable.Warning) == 0)
        {
            Dmesg.Add("oops", $"kernel BUG at {where}");
            return TrapResolution.Replace(trap with { Kind = TrapKind.KernelBug });
        }
        if ((flags & BugTable.Once) != 0)
        {
            if ((flags & BugTable.Done) != 0)
            {
                return Resume();
            }
            _engine.WriteWord(bug.FlagsAddress, 2, (ulong)(flags | BugTable.Done), Isa.Abi.ByteOrder);
        }
        Dmesg.Add("warning", $"WARNING: at {where}");
        return Resume();

        TrapResolution Resume()
        {
            var code = new byte[4];
            _engine.Read(trap.Pc, code);
            return TrapResolution.Resume(trap.Pc + (ulong)_runtime.BugInstructionLength(code));
        }
    }

    /// <summary>The return address of the call being served (for allocation paths and messages).</summary>
    internal ulong ReturnAddress() => Isa.Abi.ReturnAddress == ReturnAddressLocation.Stack
        ? _engine.ReadWord(_engine.ReadRegister(Isa.StackPointerId), Isa.Abi.PointerSize, Isa.Abi.ByteOrder)
        : _engine.ReadRegister(Isa.Registers[Isa.Abi.LinkRegister!]);

    /// <summary>module_init and module_exit alias the functions they name: the alias is how the kernel (and the model) calls them.</summary>
    private static bool IsModuleEntryAlias(string name) => name is "init_module" or "cleanup_module";

    /// <summary>The function symbol whose code holds <paramref name="address"/>, or null (of aliases, init_module or cleanup_module).</summary>
    public string? FunctionAt(ulong address)
    {
        foreach (var o in _objects)
        {
            if (!o.Range.Contains(address))
            {
                continue;
            }
            string? best = null;
            var bestAddress = 0UL;
            foreach (var (name, pointer) in o.Symbols)
            {
                var start = Isa.CodeAddress(_engine, pointer);
                if (start <= address && start >= bestAddress && o.IsExecutable(start) && !name.StartsWith(".L", StringComparison.Ordinal) && !name.StartsWith('$')
                    && (start > bestAddress || best is null || !IsModuleEntryAlias(best)))
                {
                    (best, bestAddress) = (name, start);
                }
            }
            return best;
        }
        return null;
    }

    /// <summary>FUNCTION+0xOFFSET for an address in loaded code, or null.</summary>
    public string? Symbolize(ulong address) => Locate(address)?.ToString();

    /// <summary>The function holding <paramref name="address"/> and the offset into it, or null outside loaded code.</summary>
    public CodePlace? Locate(ulong address)
    {
        var owner = _objects.LastOrDefault(o => o.Range.Contains(address));
        if (owner is null)
        {
            return _routines.FirstOrDefault(r => r.Range.Contains(address)) is { Name: { } name } routine ? new CodePlace(name, address - routine.Range.Start) : null;
        }
        return FunctionAt(address) is { } f ? new CodePlace(f, address - Isa.CodeAddress(_engine, owner.Symbol(f))) : null;
    }

    /// <summary>The machine-code routines (<see cref="KernelRuntime.Routines"/>) where they were written, for naming places in them.</summary>
    private readonly List<(string Name, AddressRange Range)> _routines = [];

    /// <summary>Records the machine's runs instruction by instruction until <see cref="EndTrace"/> (<c>scenario --explain</c>).</summary>
    public CallTracer BeginTrace()
    {
        var tracer = new CallTracer(_engine, Isa, Locate);
        _run.Tracer = tracer;
        return tracer;
    }

    /// <summary>Runs untraced again; the tracer stays the caller's to finish and dispose.</summary>
    public void EndTrace() => _run.Tracer = null;

    /// <summary>Every undefined symbol of <paramref name="elf"/> that nothing defines, all named in one refusal.</summary>
    private void RequireProvided(byte[] elf, string what)
    {
        var missing = RelocatableSymbols.Names(elf).Where(n => !_symbols.TryResolve(n, out _) && !Isa.Relocator.PerObjectSymbols.Contains(n)).ToList();
        if (missing.Count > 0)
        {
            throw new KernelInputException($"{what} needs {missing.Count} symbol(s) tpsim provides no service for: {string.Join(", ", missing)}");
        }
    }

    private void DefineRoutines()
    {
        var at = new Dictionary<bool, ulong> { [true] = Places.CallRoutines, [false] = Places.OtherRoutines };
        foreach (var routine in _runtime.Routines)
        {
            var address = at[routine.InCallPath];
            _engine.Write(address, routine.Code);
            _symbols.Define(routine.Name, address, "vmlinux-routines");
            _routines.Add((routine.Name, new AddressRange(address, address + (ulong)routine.Code.Length)));
            at[routine.InCallPath] = address + (((ulong)routine.Code.Length + 15) & ~15UL);
        }
        // Code that calls through a thunk is still the calling site: the callee's entry follows the thunk's block.
        _run.AddSite(new AddressRange(Places.CallRoutines, Places.CallRoutines + Pages.Size));
    }

    /// <summary>The kernel's data the objects refer to, zeroed but for what a booted CPU 0 has set.</summary>
    private void DefineData()
    {
        var next = Places.Data;
        ulong Define(string name, ulong size)
        {
            var address = next;
            _symbols.Define(name, address, "vmlinux-data");
            next += (size + 63) & ~63UL;
            return address;
        }
        InitTask = Define("init_task", 0x4000);
        Define("tasklist_lock", 64);
        // schedule_work's workqueue: tpsim runs queued work itself (RunDeferredWork).
        Define("system_wq", 64);
        Define("system_percpu_wq", 64);
        Define("kmalloc_caches", 0x1000);
        var online = Define("__cpu_online_mask", 64);
        _engine.WriteWord(online, Isa.Abi.PointerSize, 1, Isa.Abi.ByteOrder);
        Define("__cpu_possible_mask", 64);
        _engine.WriteWord(next - 64, Isa.Abi.PointerSize, 1, Isa.Abi.ByteOrder);
        Define("__stack_chk_guard", 64);
        foreach (var (name, size) in _runtime.KernelData)
        {
            Define(name, (ulong)size);
        }
        // STATIC_KEY_CHECK_USE: keys are used after jump_label_init, which a booted kernel has run.
        _engine.WriteWord(Define("static_key_initialized", 64), 1, 1, Isa.Abi.ByteOrder);
        // No tracepoints are built into this vmlinux: the section the linker would bound is empty.
        var empty = Define("__start___tracepoints_ptrs", 0);
        _symbols.Define("__stop___tracepoints_ptrs", empty, "vmlinux-data");
        var perCpu = 0x100UL;
        foreach (var (name, size) in _runtime.PerCpuVariables)
        {
            _symbols.Define(name, _runtime.PerCpuSymbolsAreOffsets ? perCpu : Places.PerCpu + perCpu, "vmlinux-percpu");
            perCpu += (ulong)((size + 63) & ~63);
        }
    }

    /// <summary>The services that may sleep the calls since the last <see cref="TakeSleeps"/> reached, in order.</summary>
    public IReadOnlyList<string> TakeSleeps()
    {
        var sleeps = _services.Sleeps.ToList();
        _services.Sleeps.Clear();
        return sleeps;
    }

    /// <summary>
    /// Time passes: the work items queued with schedule_work run, in the guest, in order (struct work_struct's func,
    /// at the offset this build has); what they queue in turn runs too.
    /// </summary>
    public void RunDeferredWork()
    {
        for (var i = 0; _services.PendingWork.Count > 0; i++)
        {
            if (i > 1000)
            {
                throw new KernelBugException("workqueue", "work items keep queueing more work");
            }
            var work = _services.PendingWork[0];
            _services.PendingWork.RemoveAt(0);
            _services.InWork = true;
            try
            {
                Call(_engine.ReadWord(work + Layout.WorkFunc, Isa.Abi.PointerSize, Isa.Abi.ByteOrder), work);
            }
            finally
            {
                _services.InWork = false;
            }
        }
    }

    /// <summary>init_task, which CPU 0 runs as <c>current</c>.</summary>
    public ulong InitTask { get; private set; }

    /// <summary>CPU 0's boot (its per-CPU base and <c>current</c>, in the ISA's own instructions), then kernel/tracepoint.o's initcalls in level order.</summary>
    private void Boot()
    {
        if (_runtime.KeepsLowCore)
        {
            // s390x: the lowcore at absolute 0 holds current and the preempt count (get_lowcore() as compiled).
            _engine.Map(0, (Layout.LowcoreSize + Pages.Size - 1) & ~(Pages.Size - 1), UcProt.Read | UcProt.Write);
            _engine.WriteWord(Layout.LowcoreCurrent, Isa.Abi.PointerSize, InitTask, Isa.Abi.ByteOrder);
            _engine.WriteWord(Layout.LowcorePreemptCount, 4, _runtime.InitialPreemptCount, Isa.Abi.ByteOrder);
        }
        if (_runtime.KeepsPaca)
        {
            // ppc64: r13 points at CPU 0's paca (the per-CPU area's start), whose data_offset 0 leaves per-CPU data where it was loaded.
            if (Layout.PacaSize > LinuxLayout.PerCpuSize)
            {
                throw new InvalidOperationException($"this build's struct paca_struct is {Layout.PacaSize} bytes, more than the per-CPU area's {LinuxLayout.PerCpuSize}");
            }
            _engine.WriteWord(Places.PerCpu + Layout.PacaCurrent, Isa.Abi.PointerSize, InitTask, Isa.Abi.ByteOrder);
        }
        foreach (var (start, end) in _runtime.StoreProtected)
        {
            _engine.AddMemoryWriteHook(start, end - 1, (e, address, _) =>
                _run.RaiseFault(new FaultInfo(FaultAccess.Write, address, e.ReadRegister(Isa.Registers[Isa.Abi.ProgramCounter]))));
        }
        var slot = _runtime.CurrentTaskVariable is { } current && _symbols.TryResolve(current, out var place) ? place : 0;
        var code = _runtime.BootCode(Places.PerCpu, InitTask, slot);
        _engine.Write(Places.BootPage, code);
        var err = _engine.Run(Places.BootPage, Places.BootPage + (ulong)code.Length, 1000);
        if (err != UcError.Ok)
        {
            throw new InvalidOperationException($"{Isa.Name}: the boot code stopped with {err}");
        }
        if (_runtime.ShadowCallStackRegister(Build.Build) is { } scs)
        {
            // init_task's shadow call stack, as scs_load_current points the register at it.
            _engine.Map(Places.ShadowCallStack, LinuxLayout.ShadowCallStackSize, UcProt.Read | UcProt.Write);
            _engine.WriteRegister(Isa.Registers[scs], Places.ShadowCallStack);
        }
        _booted = _engine.SaveContext();
        foreach (var section in Core.Sections.Where(s => s.Name.StartsWith(".initcall", StringComparison.Ordinal)).OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var entry = Layout.TracepointPtrSize;
            for (var at = section.Address; at < section.Address + section.Size; at += entry)
            {
                var word = _engine.ReadWord(at, (int)entry, Isa.Abi.ByteOrder);
                // A PREL32 initcall entry is the function's offset from the entry itself (HAVE_ARCH_PREL32_RELOCATIONS).
                var function = Layout.Prel32Relocations ? at + (ulong)(long)(int)(uint)word : word;
                var result = Call(function);
                if ((int)result != 0)
                {
                    Dmesg.Add("warning", $"initcall {FunctionAt(function)} returned {(int)result}");
                }
            }
        }
    }

    public void Dispose()
    {
        _monitor.Dispose();
        _booted?.Dispose();
        _engine.Dispose();
    }
}

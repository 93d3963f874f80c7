using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Tpsim.Emulator.Memory;

namespace Tpsim.Emulator.Unicorn;

/// <summary>
/// One Unicorn engine and the hooks that keep pointers into managed code. Not thread-safe (neither is
/// Unicorn): use one per thread. Disposing closes the engine first, then frees every hook's GCHandle,
/// so no native callback can run against a freed target.
/// </summary>
public sealed unsafe partial class Engine : IEmulatedMemory, IDisposable
{
    private readonly UnicornHandle _handle;
    private readonly List<HookHandle> _hooks = [];
    private readonly HostBackedMemory _host = new();
    private ExceptionDispatchInfo? _hookFailure;

    public Engine(UcArch arch, UcMode mode)
    {
        UnicornNative.Version();
        Arch = arch;
        Mode = mode;
        _handle = UnicornHandle.Open(arch, mode);
    }

    /// <summary>
    /// Opens an engine and selects its CPU model at once (for example <see cref="Arm64CpuMax"/>). Unicorn
    /// accepts the model only before the CPU is created, which the first map, register access or run does,
    /// so this is the safe way to get a non-default CPU.
    /// </summary>
    public Engine(UcArch arch, UcMode mode, int cpuModel) : this(arch, mode)
    {
        try
        {
            SetCpuModel(cpuModel);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>unicorn/arm64.h <c>UC_CPU_ARM64_MAX</c>: QEMU's "max" CPU, with FEAT_PAuth and FEAT_BTI (the default is a Cortex-A72, ARMv8.0).</summary>
    public const int Arm64CpuMax = 3;

    public UcArch Arch { get; }

    public UcMode Mode { get; }

    public bool IsDisposed => _handle.IsClosed;

    /// <summary>The native engine, for <see cref="NativeRunLoop"/>.</summary>
    internal UnicornHandle Handle => _handle;

    /// <summary>
    /// Maps guest memory. Memory that cannot be executed is backed by host memory the engine owns
    /// (<see cref="HostBackedMemory"/>), so the checks' reads of stacks, logs and arrays are copies rather than calls
    /// into Unicorn. Executable memory stays Unicorn's own, where the per-ISA fetch quirks were pinned. Neither kind
    /// drops translated blocks when the host writes it: rewritten code needs <see cref="RemoveCache"/>.
    /// </summary>
    public void Map(ulong address, ulong size, UcProt protection)
    {
        if ((protection & UcProt.Exec) != 0 || size == 0)
        {
            Check(UnicornNative.uc_mem_map(_handle, address, (nuint)size, protection), $"uc_mem_map(0x{address:x}, 0x{size:x})");
            return;
        }
        var memory = _handle.AllocateHostMemory(size);
        var err = UnicornNative.uc_mem_map_ptr(_handle, address, (nuint)size, protection, (void*)memory);
        if (err != UcError.Ok)
        {
            _handle.FreeHostMemory(memory);
            Check(err, $"uc_mem_map_ptr(0x{address:x}, 0x{size:x})");
        }
        _host.Add(address, size, memory);
    }

    public void Unmap(ulong address, ulong size)
    {
        Check(UnicornNative.uc_mem_unmap(_handle, address, (nuint)size), $"uc_mem_unmap(0x{address:x}, 0x{size:x})");
        foreach (var freed in _host.Forget(address, size))
        {
            _handle.FreeHostMemory(freed);
        }
    }

    public void Protect(ulong address, ulong size, UcProt protection)
    {
        Check(UnicornNative.uc_mem_protect(_handle, address, (nuint)size, protection), $"uc_mem_protect(0x{address:x}, 0x{size:x})");
        // A partial change splits the mapping; the pieces are left to Unicorn's own accessors.
        _host.Reprotected(address, size);
    }

    public void Write(ulong address, ReadOnlySpan<byte> bytes)
    {
        if (_host.Find(address, bytes.Length) is var host && host != null)
        {
            bytes.CopyTo(new Span<byte>(host, bytes.Length));
            return;
        }
        fixed (byte* p = bytes)
        {
            Check(UnicornNative.uc_mem_write(_handle, address, p, (nuint)bytes.Length), $"uc_mem_write(0x{address:x}, {bytes.Length})");
        }
    }

    /// <summary>
    /// Whether guest memory at <paramref name="address"/> holds <paramref name="expected"/>: compared in place on host
    /// memory (a fire compares the caller's frame at every return), else read first. Throws as <see cref="Read"/> does.
    /// </summary>
    public bool Holds(ulong address, ReadOnlySpan<byte> expected)
    {
        if (_host.Find(address, expected.Length) is var host && host != null)
        {
            return new ReadOnlySpan<byte>(host, expected.Length).SequenceEqual(expected);
        }
        var now = new byte[expected.Length];
        Read(address, now);
        return now.AsSpan().SequenceEqual(expected);
    }

    public void Read(ulong address, Span<byte> bytes)
    {
        if (_host.Find(address, bytes.Length) is var host && host != null)
        {
            new ReadOnlySpan<byte>(host, bytes.Length).CopyTo(bytes);
            return;
        }
        fixed (byte* p = bytes)
        {
            Check(UnicornNative.uc_mem_read(_handle, address, p, (nuint)bytes.Length), $"uc_mem_read(0x{address:x}, {bytes.Length})");
        }
    }

    /// <summary>Reads memory without throwing; false when any byte is unmapped.</summary>
    public bool TryRead(ulong address, Span<byte> bytes)
    {
        fixed (byte* p = bytes)
        {
            return UnicornNative.uc_mem_read(_handle, address, p, (nuint)bytes.Length) == UcError.Ok;
        }
    }

    public ulong ReadUInt64(ulong address)
    {
        if (_host.Find(address, 8) is var host && host != null)
        {
            return Unsafe.ReadUnaligned<ulong>(host);
        }
        ulong v;
        Check(UnicornNative.uc_mem_read(_handle, address, &v, 8), $"uc_mem_read(0x{address:x}, 8)");
        return v;
    }

    public void WriteUInt64(ulong address, ulong value)
    {
        if (_host.Find(address, 8) is var host && host != null)
        {
            Unsafe.WriteUnaligned(host, value);
            return;
        }
        Check(UnicornNative.uc_mem_write(_handle, address, &value, 8), $"uc_mem_write(0x{address:x}, 8)");
    }

    /// <summary>Reads a register of at most 64 bits; Unicorn writes only the low bytes for narrower ones.</summary>
    public ulong ReadRegister(int id)
    {
        if (Mips64PcOverride(id) is { } pc)
        {
            return pc;
        }
        // 16 bytes of room: a few ids (FP/vector) write more than 8 on some targets.
        var buf = stackalloc ulong[2];
        buf[0] = 0;
        buf[1] = 0;
        Check(UnicornNative.uc_reg_read_raw(OpenHandle(), id, buf), $"uc_reg_read({id})");
        return buf[0];
    }

    /// <summary>
    /// Reads several registers in one call into the engine (the per-call checks read a whole callee-saved set at
    /// each call and return). Each value gets 16 bytes of room, as <see cref="ReadRegister"/> gives one.
    /// </summary>
    public void ReadRegisters(ReadOnlySpan<int> ids, Span<ulong> values)
    {
        if (ids.Length != values.Length)
        {
            throw new ArgumentException("one value per register id", nameof(values));
        }
        // The per-call checks read a batch at every call and return: the room and the pointers into it are kept, pinned.
        EnsureBatchRoom(ids.Length);
        var room = (ulong*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_batchRoom));
        var pointers = (void**)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_batchPointers));
        for (var i = 0; i < ids.Length; i++)
        {
            room[2 * i] = 0;
        }
        fixed (int* regs = ids)
        {
            Check(UnicornNative.uc_reg_read_batch_raw(OpenHandle(), regs, pointers, ids.Length), $"uc_reg_read_batch({ids.Length} registers)");
        }
        for (var i = 0; i < ids.Length; i++)
        {
            values[i] = room[2 * i];
        }
        if (IsMips64)
        {
            // The mips64 PC override lives in managed state, which the batch does not see.
            for (var i = 0; i < ids.Length; i++)
            {
                values[i] = Mips64PcOverride(ids[i]) ?? values[i];
            }
        }
    }

    // 16 bytes of room per register, as ReadRegister gives one; pinned, so the pointers into it stay valid.
    private ulong[] _batchRoom = [];
    private IntPtr[] _batchPointers = [];

    private void EnsureBatchRoom(int count)
    {
        if (_batchPointers.Length >= count)
        {
            return;
        }
        _batchRoom = GC.AllocateArray<ulong>(2 * count, pinned: true);
        _batchPointers = GC.AllocateArray<IntPtr>(count, pinned: true);
        var room = (ulong*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_batchRoom));
        for (var i = 0; i < count; i++)
        {
            _batchPointers[i] = (IntPtr)(room + 2 * i);
        }
    }

    public void WriteRegister(int id, ulong value)
    {
        ForgetMips64PcOverride(id);
        var buf = stackalloc ulong[2];
        buf[0] = value;
        buf[1] = 0;
        Check(UnicornNative.uc_reg_write_raw(OpenHandle(), id, buf), $"uc_reg_write({id})");
    }

    /// <summary>Writes several registers of at most 64 bits in one call into the engine (a call's arguments and SP).</summary>
    public void WriteRegisters(ReadOnlySpan<int> ids, ReadOnlySpan<ulong> values)
    {
        if (ids.Length != values.Length)
        {
            throw new ArgumentException("one value per register id", nameof(values));
        }
        if (IsMips64)
        {
            for (var i = 0; i < ids.Length; i++)
            {
                WriteRegister(ids[i], values[i]);
            }
            return;
        }
        // Each value gets 16 bytes of room, as WriteRegister gives one.
        var room = stackalloc ulong[2 * ids.Length];
        var pointers = stackalloc void*[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            room[2 * i] = values[i];
            room[2 * i + 1] = 0;
            pointers[i] = room + 2 * i;
        }
        fixed (int* regs = ids)
        {
            Check(UnicornNative.uc_reg_write_batch_raw(OpenHandle(), regs, pointers, ids.Length), $"uc_reg_write_batch({ids.Length} registers)");
        }
    }

    /// <summary>The native engine for a hot-path call; throws once the engine is disposed.</summary>
    private IntPtr OpenHandle()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return _handle.DangerousGetHandle();
    }

    /// <summary>
    /// Writes an arm64 system register by its MRS/MSR encoding (op0, op1, CRn, CRm, op2), from the host
    /// and without the guest's access checks (<c>UC_ARM64_REG_CP_REG</c>). The register's raw storage
    /// changes; state QEMU caches from it does not: a write of SCTLR_EL1 from here, for one, is stored
    /// but does not enable pointer authentication until the guest itself executes <c>msr SCTLR_EL1</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The engine is not an arm64 engine.</exception>
    /// <exception cref="UnicornException">Unicorn knows no register with that encoding.</exception>
    public void WriteArm64SystemRegister(uint op0, uint op1, uint crn, uint crm, uint op2, ulong value)
    {
        var reg = Arm64SystemRegister(op0, op1, crn, crm, op2);
        reg.Value = value;
        Check(UnicornNative.uc_reg_write_cp(_handle, Arm64RegCpReg, &reg),
            $"uc_reg_write(CP_REG S{op0}_{op1}_C{crn}_C{crm}_{op2})");
    }

    /// <summary>
    /// Reads an arm64 system register by its MRS/MSR encoding (op0, op1, CRn, CRm, op2), from the host
    /// (<c>UC_ARM64_REG_CP_REG</c>): the raw stored value, as <see cref="WriteArm64SystemRegister"/> writes it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The engine is not an arm64 engine.</exception>
    /// <exception cref="UnicornException">Unicorn knows no register with that encoding.</exception>
    public ulong ReadArm64SystemRegister(uint op0, uint op1, uint crn, uint crm, uint op2)
    {
        var reg = Arm64SystemRegister(op0, op1, crn, crm, op2);
        Check(UnicornNative.uc_reg_read_cp(_handle, Arm64RegCpReg, &reg),
            $"uc_reg_read(CP_REG S{op0}_{op1}_C{crn}_C{crm}_{op2})");
        return reg.Value;
    }

    private UcArm64CpReg Arm64SystemRegister(uint op0, uint op1, uint crn, uint crm, uint op2)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (Arch != UcArch.Arm64)
        {
            throw new InvalidOperationException($"system registers by op0..op2 need a {UcArch.Arm64} engine, this one is {Arch}");
        }
        return new UcArm64CpReg { Op0 = op0, Op1 = op1, Crn = crn, Crm = crm, Op2 = op2 };
    }

    /// <summary>unicorn/arm64.h <c>UC_ARM64_REG_CP_REG</c> in Unicorn 2.0.1.</summary>
    private const int Arm64RegCpReg = 290;

    public HookHandle AddCodeHook(ulong begin, ulong end, CodeHook callback) =>
        AddHook(UcHookType.Code, HookTrampolines.CodePtr, callback, begin, end);

    /// <summary>
    /// Calls <paramref name="callback"/> with the address and size of each translated block that starts in
    /// [<paramref name="begin"/>, <paramref name="end"/>]: a control transfer into the range always starts a block,
    /// so this sees every entry to the range at a fraction of a per-instruction hook's cost.
    /// </summary>
    public HookHandle AddBlockHook(ulong begin, ulong end, CodeHook callback) =>
        AddHook(UcHookType.Block, HookTrampolines.CodePtr, callback, begin, end);

    public HookHandle AddInterruptHook(InterruptHook callback) =>
        TrackInterruptHook(AddHook(UcHookType.Interrupt, HookTrampolines.InterruptPtr, callback, 1, 0));

    public HookHandle AddInvalidMemoryHook(InvalidMemoryHook callback) =>
        AddHook(UcHookType.MemInvalid, HookTrampolines.InvalidMemoryPtr, callback, 1, 0);

    /// <summary>Calls <paramref name="callback"/> before every guest store (the value is read afterwards, at any width).</summary>
    public HookHandle AddMemoryWriteHook(MemoryWriteHook callback) =>
        AddHook(UcHookType.MemWrite, HookTrampolines.MemoryWritePtr, callback, 1, 0);

    /// <summary>Calls <paramref name="callback"/> before every guest store to [<paramref name="begin"/>, <paramref name="end"/>].</summary>
    public HookHandle AddMemoryWriteHook(ulong begin, ulong end, MemoryWriteHook callback) =>
        AddHook(UcHookType.MemWrite, HookTrampolines.MemoryWritePtr, callback, begin, end);

    public HookHandle AddInvalidInstructionHook(InvalidInstructionHook callback) =>
        AddHook(UcHookType.InsnInvalid, HookTrampolines.InvalidInstructionPtr, callback, 1, 0);

    private HookHandle AddHook(UcHookType type, void* trampoline, Delegate callback, ulong begin, ulong end)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        EnsureMips64Workaround();
        var target = GCHandle.Alloc(new HookTrampolines.HookTarget(this, callback));
        var err = UnicornNative.uc_hook_add(_handle, out var native, type, trampoline, GCHandle.ToIntPtr(target), begin, end);
        if (err != UcError.Ok)
        {
            target.Free();
            throw UnicornException.From(err, $"uc_hook_add({type})");
        }
        var hook = new HookHandle(this, native, target);
        _hooks.Add(hook);
        return hook;
    }

    internal void RemoveHook(HookHandle hook)
    {
        if (!_hooks.Remove(hook))
        {
            return;
        }
        _interruptHooks.Remove(hook);
        if (!IsDisposed)
        {
            UnicornNative.uc_hook_del(_handle, hook.Native);
        }
        hook.Target.Free();
    }

    /// <summary>Number of hooks currently installed (each holds one GCHandle).</summary>
    public int HookCount => _hooks.Count;

    /// <summary>
    /// Runs from <paramref name="begin"/> until <paramref name="until"/>, at most
    /// <paramref name="instructionBudget"/> instructions (0: no limit) and <paramref name="timeout"/>.
    /// Returns Unicorn's own status; an exception thrown by a hook is rethrown here.
    /// </summary>
    public UcError Run(ulong begin, ulong until, ulong instructionBudget = 0, TimeSpan timeout = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        _hookFailure = null;
        var micros = timeout == default ? 0UL : (ulong)Math.Max(1, timeout.Ticks / 10);
        BeginMips64Run(begin);
        var err = UnicornNative.uc_emu_start(_handle, begin, until, micros, (nuint)instructionBudget);
        var failure = _hookFailure;
        _hookFailure = null;
        failure?.Throw();
        return EndMips64Run(err);
    }

    /// <summary>Asks a running emulation to stop after the current instruction; safe from any hook.</summary>
    public void Stop()
    {
        UnicornNative.uc_emu_stop(_handle.DangerousGetHandle());
    }

    internal void FailFromHook(Exception ex)
    {
        _hookFailure ??= ExceptionDispatchInfo.Capture(ex);
        Stop();
    }

    /// <summary>Saves every CPU register; memory is not part of a context.</summary>
    public EngineContext SaveContext()
    {
        Check(UnicornNative.uc_context_alloc(_handle, out var raw), "uc_context_alloc");
        var ctx = new EngineContext(raw);
        SaveContext(ctx);
        return ctx;
    }

    public void SaveContext(EngineContext context) =>
        Check(UnicornNative.uc_context_save_raw(OpenHandle(), context.DangerousGetHandle()), "uc_context_save");

    public void RestoreContext(EngineContext context) =>
        Check(UnicornNative.uc_context_restore(_handle, context.DangerousGetHandle()), "uc_context_restore");

    /// <summary>
    /// Drops translated blocks in [begin, end) so a hook added since, rewritten code or a reused stop address
    /// is honoured (unicorn issue 1751). There is deliberately no whole-cache flush: in 2.0.1 it costs about 220 ms.
    /// </summary>
    /// <summary>
    /// Drops every translated block, so that hooks added since apply to code already run. RemoveCache over a range
    /// whose first page is unmapped does nothing in Unicorn 2.0.1, so this goes mapping by mapping.
    /// </summary>
    public void FlushTranslations()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        Check(UnicornNative.uc_mem_regions(_handle, out var regions, out var count), "uc_mem_regions");
        try
        {
            for (var i = 0; i < count; i++)
            {
                RemoveCache(regions[i].Begin, regions[i].End + 1);
            }
        }
        finally
        {
            UnicornNative.uc_free(regions);
        }
    }

    public void RemoveCache(ulong begin, ulong end) =>
        Check(UnicornNative.uc_ctl(_handle, ControlWrite(ControlTbRemoveCache, 2), begin, end), "uc_ctl(TB_REMOVE_CACHE)");

    /// <summary>
    /// Selects the emulated CPU model (for example arm64 <see cref="Arm64CpuMax"/>). Unicorn refuses it
    /// (UC_ERR_ARG) once the CPU exists, that is after the first map, register access or run: call it
    /// straight after construction, or use the constructor that takes the model.
    /// </summary>
    public void SetCpuModel(int model) =>
        Check(UnicornNative.uc_ctl(_handle, ControlWrite(ControlCpuModel, 1), (ulong)model, 0), "uc_ctl(CPU_MODEL)");

    // uc_control_type encoding from unicorn.h: io direction in bits 30-31, argument count in 26-29.
    private const int ControlCpuModel = 7;
    private const int ControlTbRemoveCache = 9;

    private static int ControlWrite(int type, int argCount) => type | (argCount << 26) | (1 << 30);

    private static void Check(UcError err, string operation)
    {
        if (err != UcError.Ok)
        {
            throw UnicornException.From(err, operation);
        }
    }

    private static void Check(UcError err, [InterpolatedStringHandlerArgument(nameof(err))] ref FailureMessage operation)
    {
        if (err != UcError.Ok)
        {
            throw UnicornException.From(err, operation.ToStringAndClear());
        }
    }

    public void Dispose()
    {
        if (IsDisposed)
        {
            return;
        }
        _handle.Dispose();
        foreach (var hook in _hooks)
        {
            hook.Target.Free();
        }
        _hooks.Clear();
    }
}

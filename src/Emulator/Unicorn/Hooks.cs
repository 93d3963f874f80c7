namespace Tpsim.Emulator.Unicorn;

/// <summary>Called before each instruction in the hooked range executes.</summary>
public delegate void CodeHook(Engine engine, ulong address, uint size);

/// <summary>Called on a CPU interrupt or exception (arm64 <c>brk</c> arrives here as intno 7).</summary>
public delegate void InterruptHook(Engine engine, uint interruptNumber);

/// <summary>Called on an unmapped or protected access; return true only after mapping the page to retry.</summary>
public delegate bool InvalidMemoryHook(Engine engine, UcMemType type, ulong address, int size, long value);

/// <summary>Called when the CPU meets an undecodable instruction; return true to continue.</summary>
public delegate bool InvalidInstructionHook(Engine engine);

/// <summary>A guest store about to happen (UC_HOOK_MEM_WRITE): memory still holds the old bytes.</summary>
public delegate void MemoryWriteHook(Engine engine, ulong address, int size);

/// <summary>A hook added to an <see cref="Engine"/>; disposing it removes the hook.</summary>
public sealed class HookHandle : IDisposable
{
    private readonly Engine _engine;

    internal HookHandle(Engine engine, nuint native, System.Runtime.InteropServices.GCHandle target)
    {
        _engine = engine;
        Native = native;
        Target = target;
    }

    internal nuint Native { get; }

    internal System.Runtime.InteropServices.GCHandle Target { get; }

    public void Dispose() => _engine.RemoveHook(this);
}

using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Toolchain;
using Tpsim.Emulator.Unicorn;
using Xunit;

namespace Tpsim.Tests.Emulator.Checking;

/// <summary>What one call through the harness did.</summary>
/// <param name="Error">What <c>uc_emu_start</c> returned.</param>
/// <param name="Trap">The trap, as <see cref="GuestEvents.Trap"/> reports it, or null.</param>
/// <param name="Pc">The program counter when emulation stopped.</param>
/// <param name="ReturnValue">The ABI return register when emulation stopped.</param>
/// <param name="InterruptPc">The pc the interrupt hook read (as CaseRunner reads it), when the trap came through the hook.</param>
internal sealed record KcfiRun(UcError Error, TrapInfo? Trap, ulong Pc, ulong ReturnValue, ulong? InterruptPc);

/// <summary>
/// A minimal machine for the kCFI tests: objects loaded in 64 KiB slots from the ISA's kernel base, a
/// scratch data page, a halt page and a stack. A call is placed by the ABI; a brk reaching the interrupt
/// hook, or a ud2/ebreak ending emulation, is described by <see cref="GuestEvents.Trap"/> at the exact pc a
/// code hook on every instruction recorded, with the loaded objects as symbolizer.
/// </summary>
internal sealed class KcfiHarness : IDisposable
{
    private const ulong SlotSize = 0x1_0000;
    private const int Slots = 8;
    private const ulong StackSize = 0x1_0000;

    private readonly List<LoadedObject> _objects = [];
    private readonly SymbolTable _symbols = new();
    private readonly Compiler _compiler = new();

    public KcfiHarness(IsaBackend isa)
    {
        Isa = isa;
        Engine = isa.CreateEngine();
        var code = isa.KernelBase;
        Scratch = code + Slots * SlotSize;
        Halt = Scratch + 0x1000;
        StackTop = Halt + 0x1000 + StackSize;
        Engine.Map(Scratch, 0x1000, UcProt.Read | UcProt.Write);
        Engine.Map(Halt, 0x1000, UcProt.Read | UcProt.Exec);
        Engine.Write(Halt, isa.HaltInstruction);
        Engine.Map(StackTop - StackSize, StackSize, UcProt.Read | UcProt.Write);
        Engine.AddCodeHook(code, code + Slots * SlotSize - 1, (_, a, _) => LastPc = a);
    }

    public IsaBackend Isa { get; }

    public Engine Engine { get; }

    /// <summary>A read-write page for the callee to write to.</summary>
    public ulong Scratch { get; }

    public ulong Halt { get; }

    public ulong StackTop { get; }

    /// <summary>The last instruction the code hook saw.</summary>
    public ulong LastPc { get; private set; }

    public static string DataPath(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Data", "Kcfi", .. parts]);

    /// <summary>Compiles a source under Data/Kcfi with the ISA's kernel flags plus <paramref name="extraFlags"/>.</summary>
    public byte[] Compile(string relativePath, IReadOnlyList<string> extraFlags)
    {
        var path = DataPath(relativePath.Split('/'));
        var language = path.EndsWith(".S", StringComparison.Ordinal) ? SourceLanguage.Asm : SourceLanguage.C;
        return _compiler.Compile(Isa.Toolchain, language, File.ReadAllText(path), path, extraFlags);
    }

    /// <summary>Loads an object into the next free slot, linked against the objects loaded before it.</summary>
    public LoadedObject Load(byte[] elf, string name)
    {
        var slot = Isa.KernelBase + (ulong)_objects.Count * SlotSize;
        var obj = new ObjectLoader(Engine, _symbols).Load(elf, name, slot, Isa.Relocator);
        Assert.True(obj.Size <= SlotSize, $"{name} does not fit its slot");
        _objects.Add(obj);
        return obj;
    }

    /// <summary>Calls <paramref name="entry"/> with <paramref name="args"/>; returns when it comes back to the halt page or traps.</summary>
    public KcfiRun Call(ulong entry, params ulong[] args)
    {
        var pcId = Isa.Registers[Isa.Abi.ProgramCounter];
        var symbolize = GuestEvents.Symbolizer(_objects);
        TrapInfo? trap = null;
        ulong? interruptPc = null;
        LastPc = 0;
        using var interrupts = Engine.AddInterruptHook((e, _) =>
        {
            interruptPc = e.ReadRegister(pcId);
            trap ??= GuestEvents.Trap(e, Isa, LastPc, symbolize);
            e.Stop();
        });
        // Blocks translated before the hooks were added would not see them.
        Engine.RemoveCache(Isa.KernelBase, Isa.KernelBase + Slots * SlotSize);
        CallPlacement.Place(Engine, Isa, StackTop - 0x100, Halt, args);
        var err = Engine.Run(entry, Halt, 100_000);
        if (trap is null && GuestEvents.IsTrapError(err))
        {
            trap = GuestEvents.Trap(Engine, Isa, LastPc, symbolize);
        }
        return new KcfiRun(err, trap, Engine.ReadRegister(pcId), Engine.ReadRegister(Isa.Registers[Isa.Abi.ReturnValue]), interruptPc);
    }

    public uint ReadWord(ulong address)
    {
        var b = new byte[4];
        Engine.Read(address, b);
        return BitConverter.ToUInt32(b);
    }

    public void Dispose() => Engine.Dispose();
}

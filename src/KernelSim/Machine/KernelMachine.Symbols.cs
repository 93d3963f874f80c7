using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Memory;
using Tpsim.KernelSim.Strategies;
using Tpsim.KernelSim.Tracepoints;

namespace Tpsim.KernelSim.Machine;

public sealed partial class KernelMachine
{
    /// <summary>Names an array entry's func the way <c>expect array</c> spells it.</summary>
    public string NameOf(ulong func)
    {
        if (_placeholders.Contains(func))
        {
            return "stub";
        }
        if (func == TracepointLayout.SkipMarker)
        {
            return Strategy.Iterator is IteratorVariant.Skip or IteratorVariant.SkipFixed ? "skip" : "sentinel";
        }
        // Names are asked for every entry of every fire; a module's symbols never change once it is loaded, and
        // loading one clears the cache (an address may then name a new module's function).
        if (_names.TryGetValue(func, out var known))
        {
            return known;
        }
        var name = $"0x{func:x}";
        foreach (var module in _everLoaded)
        {
            if (module.SymbolAt(func) is { } symbol)
            {
                name = $"{module.Name}.{symbol}";
                break;
            }
        }
        _names[func] = name;
        return name;
    }

    private readonly Dictionary<ulong, string> _names = [];

    /// <summary>The current funcs array of <paramref name="tracepoint"/>, named entry by entry.</summary>
    public IReadOnlyList<string> ArrayNames(string tracepoint) => [.. Model.ReadArray(Tracepoint(tracepoint)).Select(e => NameOf(e.Func))];

    /// <summary><c>symbol+0xoff</c> for a code address in the kernel image or any module ever loaded, else the bare address.</summary>
    public string Symbolize(ulong address) =>
        Locate(address) is { } at ? Symbolizer.Format((at.Symbol, at.Offset)) : $"0x{address:x}";

    /// <summary>What <see cref="Symbolize"/> names, as function and offset (a module's as <c>module:function</c>); null outside code.</summary>
    public CodePlace? Locate(ulong address)
    {
        foreach (var image in _kernelImages)
        {
            if (Symbolizer.FunctionAt(image, address) is { } at)
            {
                return new CodePlace(at.Symbol, at.Offset);
            }
        }
        foreach (var module in _everLoaded)
        {
            if (module.FunctionAt(address) is { } at)
            {
                return new CodePlace($"{module.Name}:{at.Symbol}", at.Offset);
            }
        }
        return null;
    }

    /// <summary>The function a bridged call returns into, without offset: the call path of a module's kmalloc.</summary>
    internal string? CallerFunction()
    {
        var ra = Isa.InstructionAddress(ReturnAddress());
        var module = _everLoaded.FirstOrDefault(m => m.FunctionAt(ra) is not null);
        if (module?.FunctionAt(ra) is not { } at)
        {
            return null;
        }
        // A module's init and exit are named as module_init/module_exit alias them, whichever local name the
        // compiler also emits (GCC keeps the author's, clang drops it), so a call path reads the same for both.
        var start = ra - at.Offset;
        foreach (var alias in new[] { "init_module", "cleanup_module" })
        {
            if (module.TryGetSymbol(alias, out var address) && Isa.CodeAddress(_engine, address) == Isa.InstructionAddress(start))
            {
                return alias;
            }
        }
        return at.Symbol;
    }

    /// <summary>Where the current bridged call will return: valid on entry to a bridge slot.</summary>
    private ulong ReturnAddress()
    {
        var abi = Isa.Abi;
        return abi.ReturnAddress == ReturnAddressLocation.Stack
            ? _engine.ReadWord(_engine.ReadRegister(Isa.Registers[abi.StackPointer]), abi.PointerSize, abi.ByteOrder)
            : _engine.ReadRegister(Isa.Registers[abi.LinkRegister!]);
    }

    private string DescribeFault(FaultInfo fault)
    {
        var owner = _everLoaded.FirstOrDefault(m => m.Image.Range.Contains(fault.Address));
        var where = owner is null ? "" : owner.IsLoaded ? $" in module {owner.Name}" : $" in module {owner.Name}, which is unloaded";
        // A fetch of a function's code, or (ppc64 ELFv1) a read of one of the three words of its descriptor: either
        // is the call of that func value.
        var what = "";
        for (var word = 0; word < (fault.Access == FaultAccess.Fetch ? 1 : fault.Access == FaultAccess.Read ? 3 : 0); word++)
        {
            if (NameOf(fault.Address - (ulong)(word * Isa.Abi.PointerSize)) is var name && !name.StartsWith("0x", StringComparison.Ordinal))
            {
                what = $" ({name})";
                break;
            }
        }
        // A fetch fault stops at the callee's first instruction, where the return address still names the call site;
        // the last hooked pc would be only the start of the caller's block when the iterator is hooked per block.
        var from = fault.Access == FaultAccess.Fetch ? $"returning to {Symbolize(Isa.InstructionAddress(ReturnAddress()))}" : $"at pc 0x{fault.Pc:x} ({Symbolize(fault.Pc)})";
        return $"{fault.Access.ToName()} of 0x{fault.Address:x}{what}{where}, {from}";
    }

}

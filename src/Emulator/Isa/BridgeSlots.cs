using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Emulator.Isa;

/// <summary>
/// A page of <see cref="CallBridge"/> slots, one per kernel function written in C#: each slot holds the ISA's return
/// instruction, its symbol resolves there, and <see cref="TryDispatch"/> runs the body when the slot's block is
/// reached (the slot's return instruction runs after it). The simulated and the real kernel each keep one.
/// </summary>
public sealed class BridgeSlots(Engine engine, CallBridge bridge, ulong page)
{
    private readonly Dictionary<ulong, (string Name, Func<Args, ulong?> Body)> _slots = [];

    /// <summary>Arguments of the bridged call, read by the ABI on demand.</summary>
    public readonly struct Args(BridgeSlots owner)
    {
        public ulong this[int index] => owner._bridge.ReadArgument(owner._engine, index);
    }

    private readonly Engine _engine = engine;
    private readonly CallBridge _bridge = bridge;

    /// <summary>Adds a function; its body returns the call's result, or null for a void function.</summary>
    public void Add(string name, Func<Args, ulong?> body)
    {
        var address = page + (ulong)(_slots.Count * _bridge.SlotSize);
        if (address + (ulong)_bridge.SlotSize > page + 0x1000)
        {
            throw new InvalidOperationException("the bridge page is full");
        }
        _slots[address] = (name, body);
    }

    /// <summary>Writes every slot's return instruction and defines each function's symbol for <paramref name="owner"/>.</summary>
    public void Install(SymbolTable symbols, string owner)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        foreach (var (address, (name, _)) in _slots)
        {
            _engine.Write(address, _bridge.SlotBytes(address));
            symbols.Define(name, address + _bridge.SymbolBias, owner);
        }
    }

    /// <summary>Runs the C# body if <paramref name="pc"/> is a slot; the slot's return instruction runs next.</summary>
    public bool TryDispatch(ulong pc)
    {
        if (pc < page || pc >= page + 0x1000 || !_slots.TryGetValue(pc, out var fn))
        {
            return false;
        }
        if (fn.Body(new Args(this)) is { } result)
        {
            _bridge.WriteResult(_engine, result);
        }
        return true;
    }
}

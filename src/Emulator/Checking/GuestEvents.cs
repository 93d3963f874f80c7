using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Unicorn;

namespace Tpsim.Emulator.Checking;

/// <summary>Turns what Unicorn reports (a trapping pc, a memory-hook type, a stop code) into report terms.</summary>
public static class GuestEvents
{
    /// <summary>
    /// Decodes the instruction at <paramref name="pc"/> and names the trap's kind: <see cref="TrapKind.Kcfi"/> when the
    /// ISA recognises the trap as a failed Clang kCFI check (with both type hashes and the target), else what the CPU
    /// state or the instruction says (<see cref="IsaBackend.TrapFromCpuState"/>, <see cref="IsaBackend.DecodeTrap"/>).
    /// </summary>
    /// <param name="symbolize">Names a kCFI target address (null when unknown); fills <see cref="TrapInfo.Target"/>.</param>
    public static TrapInfo Trap(Engine engine, IsaBackend isa, ulong pc, Func<ulong, string?>? symbolize = null)
    {
        var bytes = new byte[4];
        var decoded = engine.TryRead(pc, bytes) ? isa.DecodeTrap(bytes) : DecodedInstruction.Other("(unreadable)");
        if (isa.DecodeKcfi(engine, pc) is { } kcfi)
        {
            return new TrapInfo(TrapKind.Kcfi, pc, decoded.Text)
            {
                InstructionKind = decoded.Trap,
                ExpectedType = kcfi.ExpectedType,
                TargetType = kcfi.TargetType,
                TargetAddress = kcfi.TargetAddress,
                Target = symbolize?.Invoke(kcfi.TargetAddress),
            };
        }
        // An exception at an instruction that does not trap by itself (a fault the ISA took for one) reads as invalid.
        return new TrapInfo(isa.TrapFromCpuState(engine, pc) ?? decoded.Trap ?? TrapKind.InvalidInstruction, pc, decoded.Text) { InstructionKind = decoded.Trap };
    }

    /// <summary>
    /// Names an address by the symbols of <paramref name="objects"/>, enumerated anew on each call (so a
    /// lazily grown set is seen whole): the symbol at the address (the ordinally first of several), else
    /// "sym+0xN" for the nearest symbol below it in the same executable section, else null.
    /// </summary>
    public static Func<ulong, string?> Symbolizer(IEnumerable<LoadedObject> objects) => address =>
    {
        string? best = null;
        ulong bestAt = 0;
        foreach (var obj in objects)
        {
            var range = obj.ExecutableRanges.Where(r => r.Contains(address)).Select(r => (AddressRange?)r).FirstOrDefault();
            foreach (var (name, at) in obj.Symbols)
            {
                // Skip assembler-local labels (.L*) and ELF mapping symbols ($x, $d), which may share a function's address.
                if (name.Length == 0 || name[0] is '.' or '$' || at > address)
                {
                    continue;
                }
                var exact = at == address;
                if (!exact && (range is not { } section || !section.Contains(at)))
                {
                    continue;
                }
                if (best is null || at > bestAt || (at == bestAt && string.CompareOrdinal(name, best) < 0))
                {
                    best = name;
                    bestAt = at;
                }
            }
        }
        return best is null ? null : bestAt == address ? best : $"{best}+0x{address - bestAt:x}";
    };

    public static bool IsMemoryError(UcError err) => err is UcError.ReadUnmapped or UcError.WriteUnmapped or UcError.FetchUnmapped
        or UcError.ReadProt or UcError.WriteProt or UcError.FetchProt;

    public static bool IsTrapError(UcError err) => err is UcError.InsnInvalid or UcError.Exception;
}

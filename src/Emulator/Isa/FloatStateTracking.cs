using Tpsim.Emulator.Unicorn;

namespace Tpsim.Emulator.Isa;

/// <summary>
/// A CPU field that goes from clean to dirty when any instruction writes an FP register: riscv64's mstatus.FS. QEMU
/// keeps the field in every translated block's flags and a block translated with it clean marks it dirty before its
/// first FP write, so while the field stays clean no FP register has changed, and a per-call check need not read them.
/// </summary>
/// <param name="RegisterId">The register that holds the field.</param>
/// <param name="FieldMask">The field's bits.</param>
/// <param name="Clean">The field's value when clean, in place.</param>
public sealed record FloatStateTracking(int RegisterId, ulong FieldMask, ulong Clean)
{
    public bool IsClean(ulong registerValue) => (registerValue & FieldMask) == Clean;

    /// <summary>Marks the FP state clean, unless it is already; the rest of the register is kept.</summary>
    public void MarkClean(Engine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var value = engine.ReadRegister(RegisterId);
        if (!IsClean(value))
        {
            engine.WriteRegister(RegisterId, (value & ~FieldMask) | Clean);
        }
    }
}

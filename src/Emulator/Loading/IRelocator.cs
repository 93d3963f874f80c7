namespace Tpsim.Emulator.Loading;

/// <summary>Applies one ISA's ELF relocation types to a section image (placeholder; the loader defines the shape).</summary>
public interface IRelocator
{
    /// <summary>ELF e_machine this relocator accepts (EM_X86_64 62, EM_AARCH64 183, EM_RISCV 243).</summary>
    ushort Machine { get; }
}

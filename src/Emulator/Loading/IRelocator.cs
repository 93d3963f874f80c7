namespace Tpsim.Emulator.Loading;

/// <summary>
/// Applies one ISA's ELF relocation types to a section image, as the kernel's
/// <c>apply_relocate_add</c> does for a module. Implementations must refuse (never skip) a type they
/// do not implement and a value that does not fit its field; <see cref="RelocationContext"/> words both.
/// </summary>
public interface IRelocator
{
    /// <summary>ELF e_machine this relocator accepts (EM_X86_64 62, EM_AARCH64 183, EM_RISCV 243).</summary>
    ushort Machine { get; }

    /// <summary>The e_machine constant's name, for the wrong-machine diagnostic.</summary>
    string MachineName { get; }

    /// <summary>ELF name of a relocation type (R_X86_64_PC32), or <c>type N</c> when the ISA defines no such type.</summary>
    string TypeName(uint type);

    /// <summary>Patches the field of <see cref="RelocationContext.Relocation"/>; throws <see cref="LoaderException"/> on refusal.</summary>
    void Apply(in RelocationContext context);
}

namespace Tpsim.Emulator.Toolchain;

/// <summary>Source language of a translation unit; decides C compilation versus assembling (.S is preprocessed).</summary>
public enum SourceLanguage
{
    C,
    Asm,
}

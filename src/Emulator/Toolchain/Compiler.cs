using Tpsim.Emulator.Isa;

namespace Tpsim.Emulator.Toolchain;

/// <summary>Placeholder: the toolchain runner with its on-disk cache replaces this file.</summary>
public sealed class Compiler
{
    public byte[] Compile(ToolchainSettings settings, SourceLanguage language, string sourceText, string fileName) =>
        throw new NotImplementedException();
}

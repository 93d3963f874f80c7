using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Strategies;

namespace Tpsim.KernelSim.Machine;

public sealed partial class KernelMachine
{
    /// <summary>
    /// Builds the kernel image: the ISA's support objects (linked into every kernel object), the stubs object
    /// (tp_stub_func and the typed stubs, apart so the call check never takes a stub for the iterator) and the core
    /// (tracepoints, iterators and trace_&lt;name&gt;() sites of the strategy's iterator variant).
    /// </summary>
    private (LoadedObject Core, LoadedObject Stubs) LoadImage(IReadOnlyList<(string Name, int Args)> tracepoints, IteratorVariant iterator)
    {
        for (var i = 0; i < Isa.SupportSources.Count; i++)
        {
            // Linked into every kernel object (ppc64: the -Os register save and restore routines).
            var source = Isa.SupportSources[i];
            var support = Compiler.Compile(Build, Isa.Toolchain, SourceLanguage.Asm, Isa.ReadSource(source), $"{Isa.Name}/{source}");
            new ObjectLoader(_engine, _kernelSymbols).Load(support, Path.ChangeExtension(source, ".o"), _layout.SupportImage(i), Isa.Relocator);
        }
        var stubs = LoadKernelObject(CoreSource.Stubs(tracepoints), "vmlinux-stubs.c", _layout.StubsImage, "vmlinux-stubs.o");
        var core = LoadKernelObject(CoreSource.Core(tracepoints, iterator), "vmlinux.c", _layout.CoreImage, "vmlinux.o");
        return (core, stubs);
    }

    private LoadedObject LoadKernelObject(string source, string fileName, ulong address, string objectName)
    {
        var elf = Compiler.Compile(Build, Isa.Toolchain, SourceLanguage.C, source, fileName);
        return new ObjectLoader(_engine, _kernelSymbols).Load(elf, objectName, address, Isa.Relocator);
    }

}

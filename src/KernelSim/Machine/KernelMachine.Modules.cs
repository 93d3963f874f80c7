using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Loading;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Toolchain;
using Tpsim.KernelSim.Kernel;

namespace Tpsim.KernelSim.Machine;

public sealed partial class KernelMachine
{
    private readonly Dictionary<string, KernelModule> _modules = new(StringComparer.Ordinal);
    private readonly List<KernelModule> _everLoaded = [];
    private ulong _nextModuleBase;

    /// <summary>
    /// Compiles <paramref name="source"/> against the module header (cached), loads it at a fresh address
    /// and runs <c>init_module</c> if it has one. A failing init unloads the module again, as the kernel does.
    /// </summary>
    public (KernelModule Module, RunOutcome? Init) LoadModule(string name, string source, string fileName)
    {
        if (_modules.ContainsKey(name))
        {
            throw new InvalidOperationException($"module '{name}' is already loaded");
        }
        var elf = Compiler.Compile(Build, Isa.Toolchain, SourceLanguage.C, KernelSources.ModuleHeader(fileName, source), fileName);
        // Each module links against the kernel's exports only; modules do not see each other's symbols.
        var loader = new ObjectLoader(_engine, _kernelSymbols.Copy());
        var image = loader.Load(elf, $"{name}.ko", _nextModuleBase, Isa.Relocator);
        _nextModuleBase = Pages.AlignUp(image.Base + image.Size) + 0x1_0000;
        if (_nextModuleBase >= _layout.ModuleAreaEnd)
        {
            throw new KernelBugException("oom", "the module area is exhausted");
        }
        var module = new KernelModule(name, image, loader);
        _modules[name] = module;
        _everLoaded.Add(module);
        _names.Clear();
        _planVersion++;
        if (!module.TryGetSymbol("init_module", out var init))
        {
            return (module, null);
        }
        var outcome = Call(init, [], name);
        if (outcome.Verdict != Verdict.Balanced || outcome.IntResult != 0)
        {
            Dmesg.Add("init-failed", $"{name}: init_module failed ({Describe(outcome)}); module freed");
            Unmap(module);
        }
        return (module, outcome);
    }

    /// <summary>Runs <c>cleanup_module</c> if there is one, then unmaps the module's text and data.</summary>
    public RunOutcome? UnloadModule(string name)
    {
        if (!_modules.TryGetValue(name, out var module))
        {
            throw new InvalidOperationException($"module '{name}' is not loaded");
        }
        RunOutcome? exit = null;
        if (module.TryGetSymbol("cleanup_module", out var cleanup))
        {
            exit = Call(cleanup, [], name);
        }
        Unmap(module);
        return exit;
    }

    private void Unmap(KernelModule module)
    {
        foreach (var range in module.Image.ExecutableRanges)
        {
            _engine.RemoveCache(range.Start, range.End);
        }
        module.Loader.Unload(module.Image);
        _modules.Remove(module.Name);
        _planVersion++;
    }

    private static string Describe(RunOutcome o) => o.Verdict == Verdict.Balanced ? $"returned {Errno.Name(o.IntResult)}" : o.Verdict.ToName();
}

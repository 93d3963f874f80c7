using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.I386;

/// <summary>ABI register names to UC_X86_REG_* ids (unicorn/x86.h, Unicorn 2.0.1), for an engine in UC_MODE_32.</summary>
internal static class RegisterIds
{
    public static readonly RegisterMap Map = new(new Dictionary<string, int>
    {
        ["eax"] = 19, ["ebp"] = 20, ["ebx"] = 21, ["ecx"] = 22, ["edi"] = 23, ["edx"] = 24,
        ["eflags"] = 25, ["eip"] = 26, ["esi"] = 29, ["esp"] = 30,
    });
}

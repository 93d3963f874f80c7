using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.X86_64;

/// <summary>ABI register names to UC_X86_REG_* ids (unicorn/x86.h, Unicorn 2.0.1).</summary>
internal static class RegisterIds
{
    public static readonly RegisterMap Map = new(new Dictionary<string, int>
    {
        ["rax"] = 35, ["rbp"] = 36, ["rbx"] = 37, ["rcx"] = 38, ["rdi"] = 39, ["rdx"] = 40,
        ["rip"] = 41, ["rsi"] = 43, ["rsp"] = 44, ["eflags"] = 25,
        ["r8"] = 106, ["r9"] = 107, ["r10"] = 108, ["r11"] = 109,
        ["r12"] = 110, ["r13"] = 111, ["r14"] = 112, ["r15"] = 113,
    });
}

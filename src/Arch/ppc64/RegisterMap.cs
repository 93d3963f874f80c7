using Tpsim.Emulator.Isa;

namespace Tpsim.Arch.Ppc64;

/// <summary>
/// ABI register names to UC_PPC_REG_* ids (unicorn/ppc.h, Unicorn 2.0.1): pc 1, r0-r31 2-33, cr0-cr7 34-41
/// (one 4-bit field each), f0-f31 42-73, lr 74, xer 75, ctr 76, msr 77, fpscr 78, cr 79 (all eight fields). A GPR
/// also answers to its bare number, as the assembler writes it.
/// </summary>
internal static class RegisterIds
{
    public const int Pc = 1;
    public const int Lr = 74;
    public const int Ctr = 76;
    public const int Msr = 77;
    public const int Cr = 79;

    public static int Gpr(int n) => 2 + n;

    public static int CrField(int n) => 34 + n;

    public static int Fpr(int n) => 42 + n;

    public static readonly RegisterMap Map = new(Build());

    private static Dictionary<string, int> Build()
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var n = 0; n < 32; n++)
        {
            ids[$"r{n}"] = Gpr(n);
            // GNU as and LLVM spell a GPR operand as its bare number (the stub grammar does).
            ids[$"{n}"] = Gpr(n);
            ids[$"f{n}"] = Fpr(n);
        }
        for (var n = 0; n < 8; n++)
        {
            ids[$"cr{n}"] = CrField(n);
        }
        ids["pc"] = Pc;
        ids["lr"] = Lr;
        ids["xer"] = 75;
        ids["ctr"] = Ctr;
        ids["msr"] = Msr;
        ids["fpscr"] = 78;
        ids["cr"] = Cr;
        return ids;
    }
}

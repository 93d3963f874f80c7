using Tpsim.Emulator.Unicorn;

namespace Tpsim.Emulator.Checking;

/// <summary>
/// After the first violation decides a verdict, the broken code is allowed to run on unchecked; this
/// names what a kernel would then have seen, in one wording for the proof harness and the kernel machine.
/// </summary>
public static class RunOnConsequence
{
    public static string Describe(TrapInfo? trap, FaultInfo? fault, bool returned, string stackPointer, ulong sp, ulong expectedSp, UcError err) =>
        (trap, fault) switch
        {
            ({ } t, _) => $"trapped on {t.Instruction}",
            (_, { } f) => $"faulted on a {f.Access.ToName()} of 0x{f.Address:x}",
            _ when returned && sp != expectedSp => $"returned to its caller with {stackPointer} off by {(long)(sp - expectedSp)} bytes",
            _ when returned => "returned to its caller normally",
            _ when err != UcError.Ok => $"stopped with {err}",
            _ => "did not return within the instruction budget",
        };
}

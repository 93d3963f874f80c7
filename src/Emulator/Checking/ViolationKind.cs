namespace Tpsim.Emulator.Checking;

/// <summary>Which ABI promise a call broke; spelled by <see cref="KindNames.ToName(ViolationKind)"/> (a JSON contract).</summary>
public enum ViolationKind
{
    /// <summary>SP after the return differs from SP before the call.</summary>
    [Spelling("stack-pointer")]
    StackPointer,

    /// <summary>A register the callee must preserve changed.</summary>
    [Spelling("callee-saved")]
    CalleeSaved,

    /// <summary>The call returned somewhere other than its return address.</summary>
    [Spelling("return-address")]
    ReturnAddress,

    /// <summary>The callee wrote into the caller's frame above its incoming argument area.</summary>
    [Spelling("caller-frame")]
    CallerFrame,

    /// <summary>A probe received an argument other than the one passed.</summary>
    [Spelling("argument")]
    Argument,

    /// <summary>The site returned normally but made fewer calls than the array has entries: a call went unchecked.</summary>
    [Spelling("missing-call")]
    MissingCall,

    /// <summary>The callee returned with a flag set that the ABI requires clear (x86 DF).</summary>
    [Spelling("flags")]
    Flags,

    /// <summary>The site's own return broke SP or a callee-saved register (the cross-check oracle checks the whole site too).</summary>
    [Spelling("site-balance")]
    SiteBalance,
}

namespace Tpsim.KernelSim.Memory;

/// <summary>
/// The allocation flags the model distinguishes (include/linux/gfp_types.h), reduced to what changes behaviour
/// here: <see cref="Kernel"/> (GFP_KERNEL, may sleep), <see cref="Atomic"/> (GFP_ATOMIC, must not sleep) and
/// <see cref="NoFail"/> (__GFP_NOFAIL: the allocator retries forever instead of failing, and fault injection
/// returns early for it, so an injected failure is never consumed by one).
/// </summary>
[Flags]
public enum GfpFlags
{
    Kernel = 0,
    Atomic = 1,
    NoFail = 2,
}

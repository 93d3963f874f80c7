namespace Tpsim.Emulator.Tracing;

/// <summary>
/// One executed instruction: where (address, symbol+offset), its bytes and, once disassembled, its text; the registers
/// and memory it changed and how it moved SP. <see cref="Call"/> is the call it ran in (null: the calling site).
/// </summary>
public sealed class TraceStep
{
    public required ulong Address { get; init; }

    /// <summary>The instruction's bytes (trimmed to the decoded length where the engine gave no size).</summary>
    public required byte[] Bytes { get; set; }

    /// <summary>Index of the call (as reports number them) whose callee ran this, or null for the calling site.</summary>
    public required int? Call { get; init; }

    /// <summary>The nearest symbol at or below <see cref="Address"/>, or null outside every loaded object.</summary>
    public string? Symbol { get; init; }

    public ulong Offset { get; init; }

    /// <summary>The instruction in the ISA's assembly syntax (LLVM's disassembler), filled in after the run.</summary>
    public string Text { get; set; } = "";

    /// <summary>Whether the CPU ran this in its alternate instruction set (arm Thumb).</summary>
    public bool AlternateSet { get; init; }

    public IReadOnlyList<RegisterChange> Registers { get; internal set; } = [];

    public IReadOnlyList<MemoryChange> Memory { get; internal set; } = [];

    /// <summary>SP after minus SP before this instruction (signed bytes).</summary>
    public long SpDelta { get; internal set; }

    /// <summary>The first violation, the trap or the fault, on the step where it happened.</summary>
    public TraceEvent? Event { get; internal set; }

    /// <summary><c>symbol+0xN</c>, or the address in hex outside every symbol.</summary>
    public string Place => Symbol is null ? $"0x{Address:x}" : $"{Symbol}+0x{Offset:x}";
}

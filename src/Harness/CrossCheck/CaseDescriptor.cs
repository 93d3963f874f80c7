using Tpsim.Emulator.Checking;
using Tpsim.Emulator.Isa;
using Tpsim.Emulator.Memory;
using Tpsim.Emulator.Toolchain;
using Tpsim.Harness.Cases;

namespace Tpsim.Harness.CrossCheck;

/// <summary>
/// The case a cross-check program runs, handed to it on standard input so one linked program serves every
/// argument count and array shape of its objects. Words of the ISA's pointer size and byte order, at fixed
/// word indexes that every <c>harness.S</c> defines under the same names:
/// <code>
///   0  D_NARGS      argument count after data: what each probe records as its own
///   1  D_NENTRIES   array entries (1..8)
///   2  D_SNAPBASE   bytes from a callee's entry SP to the first caller-frame byte it must leave alone
///   3  D_SITE       the site's function pointer (ppc64: its descriptor; arm: with the Thumb bit)
///   4  D_NFRAME     words of the outgoing stack image at the call
///   5  D_SITEPOP    bytes the site itself pops on return (i386 -mrtd); 0 elsewhere
///   6  D_CALLEEPOP  bytes each callee must pop on return (i386 -mrtd); 0 elsewhere
///   7  D_MAGIC      0x7470736d, checked before anything runs
///   8  D_REGS       8 words: the site's register arguments in ABI order
///  16  D_FRAME      32 words: the stack at the call, from SP upward (s390x and ppc64 include the save area)
///  48  D_ENTRIES    8 x {function pointer, data, is-probe}
///  72  D_ARGS       16 words: what a probe must record as a1..aN
///  88  D_SEEDS      32 distinct words to seed callee-saved registers (general, then floating-point)
/// </code>
/// </summary>
public static class CaseDescriptor
{
    public const int Words = 120;
    public const int RegsAt = 8, FrameAt = 16, FrameWords = 32, EntriesAt = 48, MaxEntries = 8, ArgsAt = 72, SeedsAt = 88, SeedWords = 32;
    public const ulong Magic = 0x7470736d;

    /// <summary>The descriptor bytes for <paramref name="c"/>, with function pointers resolved in <paramref name="symbols"/>.</summary>
    public static byte[] Build(StubCase c, IReadOnlyDictionary<string, ulong> symbols)
    {
        var abi = c.Isa.Abi;
        var word = abi.PointerSize;
        var mask = MemoryWords.Mask(word);
        var w = new ulong[Words];
        ulong Symbol(string name) => symbols.TryGetValue(name, out var v)
            ? v
            : throw new CaseInputException($"case {c.Name}: the linked cross-check program has no symbol {name}");

        var generated = c.Generated;
        // A generated prototype's probe records its own words; the matrix's probes record the seeds.
        var args = generated is null
            ? Enumerable.Range(0, StubMatrix.MaxArgs).Select(i => Seeds.Argument(i) & mask).ToArray()
            : [.. generated.Recorded.Select(v => v & mask)];
        // The site is called as the kernel would: __traceiter_tpsim_N(NULL, a1..aN), or tp_asm_site(n, argv);
        // a generated site through tp_gen_entry(void), which passes the prototype's values itself.
        ulong[] siteArgs = generated is not null ? []
            : c.Site == SiteKind.C ? [0, .. args.Take(c.Args)]
            : [(ulong)c.Args, Symbol("harness_args")];
        var stdcall = c.Build.Config == BuildConfigs.Stdcall;
        var calleeStackArgs = abi.StackArgumentCount(c.Args + 1);

        w[0] = (ulong)c.Args;
        w[1] = (ulong)c.Shape.Entries.Count;
        w[2] = (ulong)(generated is null ? abi.IncomingAreaSize(c.Args + 1) : abi.IncomingArgumentOffset + generated.StackBytes);
        w[3] = Symbol(generated is not null ? GeneratedSite.Entry : c.Site == SiteKind.C ? $"__traceiter_tpsim_{c.Args}" : "tp_asm_site");
        var frame = new List<ulong>(new ulong[abi.RegisterSaveAreaSize / word]);
        for (var i = 0; i < siteArgs.Length; i++)
        {
            if (i < abi.IntegerArguments.Count)
            {
                w[RegsAt + i] = siteArgs[i];
            }
            else
            {
                frame.Add(siteArgs[i]);
            }
        }
        if (frame.Count > FrameWords)
        {
            throw new CaseInputException($"case {c.Name}: {frame.Count} stack words exceed the harness's {FrameWords}");
        }
        w[4] = (ulong)frame.Count;
        w[5] = stdcall ? (ulong)(abi.StackArgumentCount(siteArgs.Length) * abi.StackSlotSize) : 0;
        w[6] = stdcall ? (ulong)(calleeStackArgs * abi.StackSlotSize) : 0;
        w[7] = Magic;
        frame.CopyTo(w, FrameAt);

        for (var i = 0; i < c.Shape.Entries.Count; i++)
        {
            var probe = c.Shape.Entries[i] == ArrayEntry.Probe;
            w[EntriesAt + 3 * i] = Symbol(!probe ? "tp_stub_func" : generated is null ? $"tp_probe_{c.Args}" : GeneratedSite.Probe);
            w[EntriesAt + 3 * i + 1] = Seeds.Data(i) & mask;
            w[EntriesAt + 3 * i + 2] = probe ? 1UL : 0UL;
        }
        if (args.Length > SeedsAt - ArgsAt)
        {
            throw new CaseInputException($"case {c.Name}: {args.Length} recorded arguments exceed the harness's {SeedsAt - ArgsAt}");
        }
        args.CopyTo(w, ArgsAt);
        for (var i = 0; i < SeedWords; i++)
        {
            w[SeedsAt + i] = Seeds.CalleeSaved(i) & mask;
        }

        var bytes = new byte[Words * word];
        for (var i = 0; i < Words; i++)
        {
            MemoryWords.PutWord(bytes.AsSpan(i * word), word, w[i] & mask, abi.ByteOrder);
        }
        return bytes;
    }
}

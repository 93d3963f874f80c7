using System.Globalization;
using System.Text;
using Tpsim.Emulator.Isa;

namespace Tpsim.Harness.Generation;

/// <summary>
/// A tracepoint prototype after <c>void *data</c>: 0..16 arguments of <see cref="ArgType"/>s. Its C sources
/// are a probe that records what it receives, and the tracepoint's iterator with an entry that calls it
/// with each argument's fixed value, so the compiler (not tpsim) lays the arguments out.
/// </summary>
public sealed record GeneratedPrototype(IReadOnlyList<ArgType> Types)
{
    public const int MaxArgs = 16;

    public int Count => Types.Count;

    public string Spec => string.Join(',', Types.Select(t => t.Code));

    public override string ToString() => Count == 0 ? "(void *data)" : $"(void *data, {string.Join(", ", Types.Select(t => t.CType))})";

    /// <summary>The words the probe records, one per argument (<see cref="ArgType.Recorded"/>).</summary>
    public IReadOnlyList<ulong> RecordedWords(int wordBytes) => [.. Types.Select((t, k) => t.Recorded(k, wordBytes))];

    /// <summary>
    /// Bytes of stack arguments a callee of this prototype receives, by the ISA's rules: on the LP64 ISAs one
    /// slot per argument past the register ones; on i386 with -mregparm=3 a 64-bit integer takes two registers
    /// only if two are left, and once one does not fit no later argument takes a register; on arm (AAPCS) a
    /// 64-bit integer takes an even-odd register pair or an 8-byte aligned stack slot, and after one goes to
    /// the stack every later argument does too.
    /// </summary>
    public int StackBytes(IsaBackend isa)
    {
        ArgumentNullException.ThrowIfNull(isa);
        var abi = isa.Abi;
        var word = abi.PointerSize;
        var regs = abi.IntegerArguments.Count;
        var ncrn = 1;   // data
        var nsaa = 0;
        var stackOnly = false;
        foreach (var t in Types)
        {
            var words = t.Words(word);
            if (words == 2 && abi.AlignsDoubleWordArguments)
            {
                ncrn += ncrn % 2;
            }
            if (!stackOnly && ncrn + words <= regs)
            {
                ncrn += words;
                continue;
            }
            if (word == 4)
            {
                // i386 regparm and AAPCS: no argument goes back to a register once one went to the stack.
                stackOnly = true;
                ncrn = regs;
            }
            if (words == 2 && abi.AlignsDoubleWordArguments)
            {
                nsaa = (nsaa + 7) & ~7;
            }
            nsaa += words * abi.StackSlotSize;
        }
        return nsaa;
    }

    /// <summary>The probe: records what it receives in tp_log as probes.c's do (a separate object, so the site's hooks never cover it).</summary>
    public string ProbeSource()
    {
        var p = string.Concat(Types.Select((t, k) => $", {t.CType} a{k + 1}"));
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"/* tpsim generated probe for the prototype {Spec} */\n");
        sb.Append("""
            #define TP_LOG_ARGS 16
            struct tp_record {
            	long probe;
            	void *data;
            	long args[TP_LOG_ARGS];
            };
            extern struct tp_record tp_log[];
            extern long tp_log_len;
            /* A 64-bit integer folded into one long with an odd multiplier, so swapped or lost halves show on 32-bit ISAs. */
            #define TP_FOLD64(x) ((long)((x) ^ (((x) >> 32) * 0x9e3779b1ULL)))

            """);
        sb.Append(CultureInfo.InvariantCulture, $"void tp_probe_gen(void *data{p})\n{{\n\tlong i = tp_log_len;\n\tvolatile long *dst;\n\n\ttp_log_len = i + 1;\n\tif (i >= 64)\n\t\treturn;\n");
        sb.Append(CultureInfo.InvariantCulture, $"\ttp_log[i].probe = {Count};\n\ttp_log[i].data = data;\n\tdst = tp_log[i].args;\n");
        for (var k = 0; k < Count; k++)
        {
            var conv = Types[k] == ArgType.U64 ? $"TP_FOLD64(a{k + 1})" : $"(long)a{k + 1}";
            sb.Append(CultureInfo.InvariantCulture, $"\tdst[{k}] = {conv};\n");
        }
        sb.Append("}\n");
        return sb.ToString();
    }

    /// <summary>
    /// The site for an ISA whose long has <paramref name="wordBytes"/> bytes: the kernel's iterator for this
    /// prototype (site.c's, with these types), and <c>tp_gen_entry(void)</c>, which calls it with the values.
    /// </summary>
    public string SiteSource(int wordBytes)
    {
        var p = string.Concat(Types.Select((t, k) => $", {t.CType} a{k + 1}"));
        var a = string.Concat(Types.Select((_, k) => $", a{k + 1}"));
        var typesOnly = string.Concat(Types.Select(t => $", {t.CType}"));
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"/* tpsim generated site for the prototype {Spec} */\nextern struct tracepoint __tracepoint_tpsim;\n\n");
        sb.Append(CultureInfo.InvariantCulture, $$"""
            int __traceiter_tpsim_gen(void *__data{{p}})
            {
            	struct tracepoint_func *it_func_ptr;
            	void *it_func;

            	it_func_ptr = READ_ONCE(__tracepoint_tpsim.funcs);
            	if (it_func_ptr) {
            		do {
            			it_func = READ_ONCE(it_func_ptr->func);
            			__data = it_func_ptr->data;
            			((void (*)(void *{{typesOnly}}))(it_func))(__data{{a}});
            		} while ((++it_func_ptr)->func);
            	}
            	return 0;
            }

            """);
        sb.Append("/* Called with no arguments by both executors; the compiler lays the values out. */\nvoid tp_gen_entry(void)\n{\n");
        sb.Append("\t__traceiter_tpsim_gen((void *)0");
        sb.Append(string.Concat(Types.Select((t, k) => $", {t.Literal(k, wordBytes)}")));
        sb.Append(");\n}\n");
        return sb.ToString();
    }

    public static bool TryParse(string spec, out GeneratedPrototype prototype, out string? error)
    {
        prototype = new GeneratedPrototype([]);
        error = null;
        if (string.IsNullOrWhiteSpace(spec) || spec.Trim() == "-")
        {
            return true;
        }
        var types = new List<ArgType>();
        foreach (var code in spec.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!ArgType.TryParse(code, out var t))
            {
                error = $"unknown argument type '{code}' (one of {string.Join(", ", ArgType.All.Select(x => x.Code))})";
                return false;
            }
            types.Add(t);
        }
        if (types.Count > MaxArgs)
        {
            error = $"{types.Count} arguments; at most {MaxArgs}";
            return false;
        }
        prototype = new GeneratedPrototype(types);
        return true;
    }
}

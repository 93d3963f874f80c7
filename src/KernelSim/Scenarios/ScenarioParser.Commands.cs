using Tpsim.Emulator.Checking;

namespace Tpsim.KernelSim.Scenarios;

public static partial class ScenarioParser
{
    /// <summary>One method per scenario command: checks its words and builds its step.</summary>
    private sealed partial class Parser
    {
        private ScenarioStep Tracepoint(ScenarioLine line)
        {
            var (pos, _) = line.Split(0);
            Count(line, pos, 2, 2, "tracepoint NAME NARGS");
            Name(line, pos[0], "tracepoint");
            if (_tracepoints.TryGetValue(pos[0], out var earlier))
            {
                throw line.Error($"duplicate tracepoint '{pos[0]}' (first declared at line {earlier.Line})", pos[0]);
            }
            var args = ScenarioNumbers.SignedInt(line, pos[1], pos[1], "NARGS");
            if (args is < 0 or > MaxArgs)
            {
                throw line.Error($"NARGS {args} is out of range 0..{MaxArgs}", pos[1]);
            }
            var decl = new TracepointDecl(pos[0], args, line.Number);
            _tracepoints.Add(decl.Name, decl);
            _tracepointOrder.Add(decl);
            return new DeclareTracepointStep(line.Number, line.Text, decl.Name, decl.ArgCount);
        }

        private ScenarioStep Module(ScenarioLine line)
        {
            const string usage = "module NAME probes P1 P2 ... | module NAME source FILE.c";
            var (pos, _) = line.Split(0);
            Count(line, pos, 2, -1, usage);
            var name = pos[0];
            Name(line, name, "module");
            if (_modules.TryGetValue(name, out var earlier))
            {
                throw line.Error($"duplicate module '{name}' (first declared at line {earlier.Line})", name);
            }
            ModuleDecl decl;
            switch (pos[1])
            {
                case "probes":
                    Count(line, pos, 3, -1, "module NAME probes P1 P2 ...", pos[1]);
                    var probes = new List<string>();
                    foreach (var p in pos.Skip(2))
                    {
                        Name(line, p, "probe");
                        if (probes.Contains(p))
                        {
                            throw line.Error($"probe '{p}' is listed twice", p);
                        }
                        probes.Add(p);
                    }
                    decl = new ModuleDecl(name, ModuleKind.Recording, probes.AsReadOnly(), null, line.Number,
                        new Dictionary<string, int>().AsReadOnly());
                    break;
                case "source":
                    Count(line, pos, 3, 3, "module NAME source FILE.c", pos[1]);
                    decl = new ModuleDecl(name, ModuleKind.Source, [], SourcePath(line, pos[2]), line.Number,
                        new Dictionary<string, int>().AsReadOnly());
                    break;
                default:
                    throw line.Error($"unknown module kind '{pos[1]}'; expected 'probes' or 'source'", pos[1]);
            }
            _modules.Add(name, decl);
            _moduleOrder.Add(name);
            return new DeclareModuleStep(line.Number, line.Text, decl);
        }

        private string SourcePath(ScenarioLine line, string token)
        {
            if (_builtin)
            {
                throw line.Error("a built-in scenario cannot use a source module", token);
            }
            string full;
            try
            {
                var dir = Path.GetDirectoryName(Path.GetFullPath(_file)) ?? Directory.GetCurrentDirectory();
                full = Path.GetFullPath(Path.Combine(dir, token));
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                throw line.Error($"bad source path '{token}': {e.Message}", token);
            }
            if (Directory.Exists(full))
            {
                throw line.Error($"source '{token}' is a directory, not a file", token);
            }
            if (!string.Equals(Path.GetExtension(full), ".c", StringComparison.Ordinal))
            {
                // A module is C compiled against the module header; anything else (a binary, /etc/passwd) is a mistake.
                throw line.Error($"source '{token}' must be a .c file", token);
            }
            if (!File.Exists(full))
            {
                throw line.Error($"source file '{token}' not found (looked for {full})", token);
            }
            return full;
        }

        private string DeclaredModule(ScenarioLine line, string command)
        {
            var (pos, _) = line.Split(0);
            Count(line, pos, 1, 1, $"{command} MODULE");
            if (!_modules.ContainsKey(pos[0]))
            {
                throw line.Error($"{command} of undeclared module '{pos[0]}'", pos[0]);
            }
            return pos[0];
        }

        private TracepointDecl DeclaredTracepoint(ScenarioLine line, string token) =>
            _tracepoints.TryGetValue(token, out var tp)
                ? tp
                : throw line.Error($"undeclared tracepoint '{token}'", token);

        private ProbeRef Probe(ScenarioLine line, string token)
        {
            var dot = token.IndexOf('.');
            if (dot < 0)
            {
                throw line.Error($"expected MODULE.PROBE, got '{token}'", token);
            }
            var (module, probe) = (token[..dot], token[(dot + 1)..]);
            if (!ScenarioNumbers.IsIdentifier(module) || !ScenarioNumbers.IsIdentifier(probe))
            {
                throw line.Error($"bad probe reference '{token}': expected MODULE.PROBE", token);
            }
            if (!_modules.TryGetValue(module, out var m))
            {
                throw line.Error($"undeclared module '{module}'", token);
            }
            if (m.Kind == ModuleKind.Recording && !m.Probes.Contains(probe))
            {
                throw line.Error($"module {module} has no probe '{probe}'; its probes are {string.Join(" ", m.Probes)}", token);
            }
            return new ProbeRef(module, probe);
        }

        private static ulong Data(ScenarioLine line, Dictionary<string, string> options) =>
            options.TryGetValue("data", out var d) ? ScenarioNumbers.Hex(line, d, $"data={d}", "data") : 0;

        private ScenarioStep Register(ScenarioLine line)
        {
            var (pos, options) = line.Split(0, "prio", "data");
            Count(line, pos, 2, 2, "register TP MODULE.PROBE [prio=N] [data=HEX]");
            var tp = DeclaredTracepoint(line, pos[0]);
            var probe = Probe(line, pos[1]);
            var prio = options.TryGetValue("prio", out var p) ? ScenarioNumbers.SignedInt(line, p, $"prio={p}", "prio") : DefaultPrio;
            var data = Data(line, options);
            if (_modules[probe.Module].Kind == ModuleKind.Recording)
            {
                var key = (probe.Module, probe.Probe);
                if (_arity.TryGetValue(key, out var first))
                {
                    if (first.Args != tp.ArgCount)
                    {
                        throw line.Error(
                            $"probe {probe} is registered on {first.Tracepoint} (line {first.Line}) with {first.Args} argument(s), " +
                            $"but tracepoint {tp.Name} takes {tp.ArgCount}; a probe has one prototype",
                            pos[1]);
                    }
                }
                else
                {
                    _arity.Add(key, (tp.ArgCount, tp.Name, line.Number));
                }
            }
            return new RegisterStep(line.Number, line.Text, tp.Name, probe, prio, data);
        }

        private ScenarioStep Unregister(ScenarioLine line)
        {
            var (pos, options) = line.Split(0, "data");
            Count(line, pos, 2, 2, "unregister TP MODULE.PROBE [data=HEX]");
            var tp = DeclaredTracepoint(line, pos[0]);
            var probe = Probe(line, pos[1]);
            return new UnregisterStep(line.Number, line.Text, tp.Name, probe, Data(line, options));
        }

        private static ScenarioStep FailAlloc(ScenarioLine line)
        {
            var (pos, options) = line.Split(0, "path");
            Count(line, pos, 0, 1, "fail-alloc [N] [path=NAME]");
            var count = 1;
            if (pos.Count == 1)
            {
                count = ScenarioNumbers.SignedInt(line, pos[0], pos[0], "the allocation count");
                if (count < 1)
                {
                    throw line.Error($"fail-alloc count {count} must be at least 1", pos[0]);
                }
            }
            string? path = null;
            if (options.TryGetValue("path", out var p))
            {
                if (!ScenarioNumbers.IsIdentifier(p))
                {
                    throw line.Error($"bad call path '{p}': expected a function name such as func_add", $"path={p}");
                }
                path = p;
            }
            return new FailAllocStep(line.Number, line.Text, count, path);
        }

        private ScenarioStep Fire(ScenarioLine line)
        {
            var (pos, _) = line.Split(0);
            Count(line, pos, 1, -1, "fire TP ARG...");
            var tp = DeclaredTracepoint(line, pos[0]);
            if (pos.Count - 1 != tp.ArgCount)
            {
                throw line.Error(
                    $"wrong number of arguments for tracepoint {tp.Name}: expected {tp.ArgCount}, got {pos.Count - 1}", pos[0]);
            }
            var args = pos.Skip(1).Select(a => ScenarioNumbers.Argument(line, a)).ToList().AsReadOnly();
            return new FireStep(line.Number, line.Text, tp.Name, args);
        }

        private static ScenarioStep GracePeriod(ScenarioLine line)
        {
            var (pos, _) = line.Split(0);
            Count(line, pos, 0, 0, "grace-period");
            return new GracePeriodStep(line.Number, line.Text);
        }

        private ScenarioStep Expect(ScenarioLine line)
        {
            const string kinds = "return, calls, array, verdict, trap or dmesg";
            if (line.Operands.Count == 0)
            {
                throw line.Error($"missing expectation; expected {kinds}", line.Command);
            }
            var kind = line.Operands[0];
            if (kind is not ("return" or "calls" or "array" or "verdict" or "trap" or "dmesg"))
            {
                throw line.Error($"unknown expectation '{kind}'; expected {kinds}", kind);
            }
            var (pos, _) = line.Split(1);
            switch (kind)
            {
                case "return":
                    Count(line, pos, 1, 1, "expect return VALUE", kind);
                    Require(line, _sawRegister, "expect return with no earlier register or unregister", kind);
                    return new ExpectReturnStep(line.Number, line.Text, ReturnValue(line, pos[0]));
                case "calls":
                    Require(line, _sawFire, "expect calls with no earlier fire", kind);
                    return new ExpectCallsStep(line.Number, line.Text, pos.Select(t => Probe(line, t)).ToList().AsReadOnly());
                case "array":
                    return new ExpectArrayStep(line.Number, line.Text, pos.Select(t => ArrayEntry(line, t)).ToList().AsReadOnly());
                case "verdict":
                    Count(line, pos, 1, 1, "expect verdict balanced|unbalanced|trap|fault|timeout", kind);
                    Require(line, _sawFire, "expect verdict with no earlier fire", kind);
                    if (!KindNames.TryParse<Verdict>(pos[0], out var verdict))
                    {
                        throw line.Error(
                            $"unknown verdict '{pos[0]}'; expected {string.Join(", ", Enum.GetValues<Verdict>().Select(v => v.ToName()))}",
                            pos[0]);
                    }
                    return new ExpectVerdictStep(line.Number, line.Text, verdict);
                case "trap":
                    Count(line, pos, 1, 1, $"expect trap {string.Join("|", TrapKinds)}", kind);
                    Require(line, _sawFire, "expect trap with no earlier fire", kind);
                    if (!KindNames.TryParse<TrapKind>(pos[0], out var trapKind) && pos[0] != NoTrap)
                    {
                        throw line.Error($"unknown trap kind '{pos[0]}'; expected {string.Join(", ", TrapKinds)}", pos[0]);
                    }
                    return new ExpectTrapStep(line.Number, line.Text, pos[0] == NoTrap ? null : trapKind);
                default:
                    Require(line, _sawAction, "expect dmesg with no earlier step to have logged anything", kind);
                    foreach (var k in pos.Where(k => !ScenarioNumbers.IsKind(k)))
                    {
                        throw line.Error($"bad dmesg kind '{k}': expected a lower-case word with dashes", k);
                    }
                    return new ExpectDmesgStep(line.Number, line.Text, pos.AsReadOnly());
            }
        }

        private static long ReturnValue(ScenarioLine line, string token)
        {
            if (ScenarioErrno.TryParse(token, out var errno))
            {
                return errno;
            }
            if (ScenarioNumbers.TryLong(token, out var value, out var overflow))
            {
                return value;
            }
            if (overflow)
            {
                throw line.Error($"return value '{token}' is out of range", token);
            }
            if (token.StartsWith("-E", StringComparison.Ordinal))
            {
                throw line.Error($"unknown error name '{token}'; expected -ENOMEM, -EEXIST, -ENOENT, -EINVAL or a number", token);
            }
            throw line.Error($"bad number '{token}': expected 0, -ENOMEM, -EEXIST, -ENOENT, -EINVAL or a decimal integer", token);
        }

        private string ArrayEntry(ScenarioLine line, string token)
        {
            if (ArrayEntryNames.IsKeyword(token))
            {
                return token;
            }
            if (!token.Contains('.'))
            {
                throw line.Error($"unknown array entry '{token}'; expected MODULE.PROBE, stub, skip or sentinel", token);
            }
            return Probe(line, token).ToString();
        }
    }
}

# Negative control of the runner itself: line 8 and line 9 are false on every ISA and strategy.
tracepoint t 1
module m probes a b
load m
register t m.a
fire t 1
expect calls m.a
expect calls m.b
expect verdict fault

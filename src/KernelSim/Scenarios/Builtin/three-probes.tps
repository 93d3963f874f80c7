# The fire `tpsim strategies` counts instructions on: three probes, nothing removed.
tracepoint bench 3
module m probes p1 p2 p3
load m
register bench m.p1
register bench m.p2
register bench m.p3
fire bench 1 2 3
expect calls m.p1 m.p2 m.p3
expect verdict balanced

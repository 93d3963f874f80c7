# smallest scenario: one probe, one fire
tracepoint demo 2
module rec probes a
load rec
register demo rec.a data=0x10
expect return 0
fire demo 1 2
expect calls rec.a
expect verdict balanced

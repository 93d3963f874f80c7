# The seed's story (LKML, 2021-01-27, "tracepoint: Do not fail unregistering a
# probe due to memory failure"): a module's probe is removed while the kmalloc of
# the smaller array fails, the module is unloaded anyway, and the tracepoint
# fires again. Every removal strategy answers in its own way.
tracepoint sched_switch 3
module victim probes handler
module bystander probes watch late
load victim
load bystander
register sched_switch victim.handler data=0xa1
expect return 0
register sched_switch bystander.watch data=0xb2
expect return 0
fire sched_switch 1 2 3
expect calls victim.handler bystander.watch
expect verdict balanced

# Removing one of two probes allocates a one-entry array; make that fail.
fail-alloc
unregister sched_switch victim.handler data=0xa1
expect return 0                         when nofail sentinel stub double-array typed-stub skip skip-fixed
expect return -ENOMEM                   when fail
expect array victim.handler bystander.watch when fail
expect array bystander.watch            when nofail sentinel double-array
expect array stub bystander.watch       when stub typed-stub
expect array skip bystander.watch       when skip skip-fixed

# The iterator still walks the old array: the stub is called with all three arguments.
fire sched_switch 4 5 6
expect calls victim.handler bystander.watch when fail
expect calls bystander.watch            when nofail sentinel double-array typed-stub skip-fixed
expect verdict balanced                 when fail nofail sentinel double-array typed-stub skip-fixed
# skip as posted (v3): continue jumps over it_func_ptr++, so the iterator reads the skip entry forever.
expect verdict timeout                  when skip
expect calls                            when skip
expect calls bystander.watch            when stub !kcfi
expect verdict balanced                 when stub !kcfi
# Under kCFI the call into tp_stub_func fails the type check (Mark Rutland, March 2023).
expect verdict trap                     when stub kcfi
expect trap kcfi                        when stub kcfi
expect calls                            when stub kcfi

# rmmod victim: its text is unmapped. Only `fail` still points into it.
unload victim
fire sched_switch 7 8 9
expect verdict fault                    when fail
expect calls                            when fail
expect verdict balanced                 when nofail sentinel double-array typed-stub skip-fixed
expect calls bystander.watch            when nofail sentinel double-array typed-stub skip-fixed
expect verdict timeout                  when skip
expect verdict balanced                 when stub !kcfi
expect calls bystander.watch            when stub !kcfi
expect verdict trap                     when stub kcfi

# A later successful add copies only real entries: the placeholder is pruned. Under nofail and sentinel (v2 kept
# v1's __GFP_NOFAIL) the removal never consumed the injected failure (fault injection skips __GFP_NOFAIL), and
# double-array's removal never allocates, so it lands here: the add fails.
grace-period
register sched_switch bystander.late data=0xc3
expect return 0                         when fail stub typed-stub skip skip-fixed
expect return -ENOMEM                   when nofail sentinel double-array
expect array victim.handler bystander.watch bystander.late when fail
expect array bystander.watch bystander.late when stub typed-stub skip skip-fixed
expect array bystander.watch            when nofail sentinel double-array
fire sched_switch 10 11 12
expect verdict balanced                 when nofail sentinel stub double-array typed-stub skip skip-fixed
expect calls bystander.watch bystander.late when stub typed-stub skip skip-fixed
expect calls bystander.watch            when nofail sentinel double-array

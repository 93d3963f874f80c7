# Two removals in a row fail to allocate and leave two placeholders in place;
# the iterator steps over or calls them, and the next successful add prunes both.
tracepoint net_rx 2
module m probes a b c d
load m
register net_rx m.a
register net_rx m.b
register net_rx m.c
register net_rx m.d
fail-alloc 1 path=func_remove
unregister net_rx m.a
fail-alloc 1 path=func_remove
unregister net_rx m.c
# double-array has used its spare half once and no grace period has passed: it must synchronize.
expect dmesg forced-synchronize spare-half when double-array
expect dmesg alloc-failed placeholder-written when stub typed-stub skip skip-fixed
expect dmesg alloc-failed unregister-failed when fail
# __GFP_NOFAIL is outside fault injection: nothing fails, nothing is consumed.
expect dmesg                            when nofail sentinel
expect return -ENOMEM                   when fail
expect return 0                         when nofail sentinel stub double-array typed-stub skip skip-fixed
expect array m.a m.b m.c m.d            when fail
expect array m.b m.d                    when nofail sentinel double-array
expect array stub m.b stub m.d          when stub typed-stub
expect array skip m.b skip m.d          when skip skip-fixed
fire net_rx 5 6
expect calls m.a m.b m.c m.d            when fail
expect calls m.b m.d                    when nofail sentinel stub double-array typed-stub skip-fixed
expect verdict balanced                 when fail nofail sentinel stub double-array typed-stub skip-fixed
# skip as posted: the first entry is a skip, and continue reads it again forever.
expect calls                            when skip
expect verdict timeout                  when skip

register net_rx m.a
expect return -EEXIST                   when fail
expect return 0                         when nofail sentinel stub double-array typed-stub skip skip-fixed
expect array m.b m.d m.a                when nofail sentinel stub double-array typed-stub skip skip-fixed
fire net_rx 7 8
expect calls m.b m.d m.a                when nofail sentinel stub double-array typed-stub skip skip-fixed
expect verdict balanced

/*
 * The fixed part of the simulated kernel image: the recording probes' log. The
 * tracepoints, their iterators and trace_<name>() sites are generated per
 * scenario (CoreSource.cs); tp_stub_func and the typed stubs live in their own
 * object so the call checker never mistakes a stub for the calling site.
 */
struct tp_record tp_log[TP_LOG_SIZE];
long tp_log_len;

/* Test fixture for scenario parsing: only its existence matters to the parser. */
void probe_mod_probe(void *data, long a)
{
    (void)data;
    (void)a;
}

/* A direct call to another object's function that uses a TOC: it needs a TOC-switching stub. */
extern long helper_fn(void);

long call_helper(void)
{
	return helper_fn() + 1;
}

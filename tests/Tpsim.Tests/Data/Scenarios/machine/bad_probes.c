/*
 * Probes that break the rules on purpose: the negative controls of the
 * scenario verdicts. clobber_probe is written in assembly so that no compiler
 * can "fix" it: it overwrites a callee-saved register and returns.
 */
DECLARE_TRACEPOINT(ctl, 2);

void clobber_probe(void *data, long a1, long a2);
#if defined(__x86_64__)
asm(".globl clobber_probe\n.type clobber_probe,@function\nclobber_probe:\n\tmovq $0x5a5a, %rbx\n\tret\n");
#elif defined(__aarch64__)
asm(".globl clobber_probe\n.type clobber_probe,%function\nclobber_probe:\n\tmov x19, #0x5a5a\n\tret\n");
#elif defined(__riscv)
asm(".globl clobber_probe\n.type clobber_probe,@function\nclobber_probe:\n\tli s1, 0x5a5a\n\tret\n");
#endif

void fault_probe(void *data, long a1, long a2)
{
	*(volatile long *)data = a1;	/* registered with data=0: a NULL write */
}

void loop_probe(void *data, long a1, long a2)
{
	volatile long spin = a1;

	for (;;)
		spin++;
}

void sleepy_probe(void *data, long a1, long a2)
{
	synchronize_rcu();	/* may sleep, and a probe runs with preemption off */
}

void alloc_probe(void *data, long a1, long a2)
{
	kfree(kmalloc(64, GFP_KERNEL));	/* GFP_KERNEL may sleep too */
}

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
#elif defined(__i386__)
asm(".globl clobber_probe\n.type clobber_probe,@function\nclobber_probe:\n\tmovl $0x5a5a, %ebx\n\tret\n");
#elif defined(__arm__)
asm(".globl clobber_probe\n.type clobber_probe,%function\n.arm\nclobber_probe:\n\tmovw r4, #0x5a5a\n\tbx lr\n");
#elif defined(__s390x__)
asm(".globl clobber_probe\n.type clobber_probe,@function\nclobber_probe:\n\tlghi %r6, 0x5a5a\n\tbr %r14\n");
#elif defined(__mips__)
asm(".globl clobber_probe\n.type clobber_probe,@function\n.set push\n.set noreorder\nclobber_probe:\n\tli $16, 0x5a5a\n\tjr $ra\n\tnop\n.set pop\n");
#elif defined(__powerpc64__) && (!defined(_CALL_ELF) || _CALL_ELF == 1)
/* ELFv1: the symbol names a function descriptor in .opd; the code has a local label. */
asm(".globl clobber_probe\n.section \".opd\",\"aw\"\n.align 3\nclobber_probe:\n\t.quad .L.clobber_probe, .TOC.@tocbase, 0\n.text\n.L.clobber_probe:\n\tli 14, 0x5a5a\n\tblr\n");
#else
#error "clobber_probe needs this ISA's assembly"
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

MODULE_LICENSE("GPL");

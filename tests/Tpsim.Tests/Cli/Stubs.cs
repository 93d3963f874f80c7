namespace Tpsim.Tests.Cli;

/// <summary>Small stub sources written by the tests, one behaviour each.</summary>
public static class Stubs
{
    public const string X86Balanced = """
        	.text
        	.globl	tp_stub_func
        	.type	tp_stub_func,@function
        tp_stub_func:
        	ret
        	.size	tp_stub_func, .-tp_stub_func

        """;

    /// <summary>Breaks the SysV promise that rbx survives a call.</summary>
    public const string X86ClobbersRbx = """
        	.text
        	.globl	tp_stub_func
        	.type	tp_stub_func,@function
        tp_stub_func:
        	movabsq	$0x1badc0de, %rbx
        	ret
        	.size	tp_stub_func, .-tp_stub_func

        """;

    /// <summary>Line 4, column 2 holds an instruction no assembler knows.</summary>
    public const string Malformed = """
        	.text
        	.globl	tp_stub_func
        tp_stub_func:
        	bogus_instruction %rax, %rbx
        	ret

        """;
}

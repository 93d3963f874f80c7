using Tpsim.Emulator.Loading;
using Xunit;

namespace Tpsim.Tests.Emulator.Loading;

/// <summary>Ownership, weak/strong precedence and duplicate diagnostics of the global symbol table.</summary>
public sealed class SymbolTableTests
{
    [Fact]
    public void Define_resolve_and_remove_by_owner()
    {
        var table = new SymbolTable();
        table.Define("a", 0x1000, "one.o");
        table.Define("b", 0x2000, "two.o");

        Assert.True(table.TryResolve("a", out var a));
        Assert.Equal(0x1000UL, a);
        Assert.Equal("two.o", table.OwnerOf("b"));
        Assert.Equal(1, table.RemoveOwner("one.o"));
        Assert.False(table.TryResolve("a", out _));
        Assert.Equal(0x2000UL, table.Resolve("b"));
        Assert.Throws<KeyNotFoundException>(() => table.Resolve("a"));
    }

    [Fact]
    public void Duplicate_strong_definition_names_both_owners()
    {
        var table = new SymbolTable();
        table.Define("tp_stub_func", 0x1000, "kernel");

        var ex = Assert.Throws<LoaderException>(() => table.Define("tp_stub_func", 0x2000, "stub.o"));

        Assert.Equal(LoaderError.DuplicateSymbol, ex.Error);
        Assert.Equal("stub.o: symbol 'tp_stub_func' is already defined by kernel [TPL007]", ex.Message);
        Assert.Equal(0x1000UL, table.Resolve("tp_stub_func"));
    }

    [Fact]
    public void Strong_definition_replaces_weak_and_weak_never_replaces()
    {
        var table = new SymbolTable();
        table.Define("f", 0x1000, "weak.o", weak: true);
        table.Define("f", 0x2000, "strong.o");
        table.Define("f", 0x3000, "weak2.o", weak: true);

        Assert.Equal(0x2000UL, table.Resolve("f"));
        Assert.Equal("strong.o", table.OwnerOf("f"));
    }
}

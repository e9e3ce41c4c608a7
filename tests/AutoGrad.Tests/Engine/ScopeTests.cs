
namespace AutoGrad.Tests.Graphs;

public class ScopeTests
{
    [Fact]
    public void Values_RememberTheInnermostScope_AndScopesNest()
    {
        Value inner;
        Value outer;
        using (Scope.Enter("layer 1"))
        {
            outer = new Value(1);
            using (Scope.Enter("neuron 0"))
            {
                inner = outer * 2;
            }
        }

        Value outside = inner + 1;

        Assert.Equal("layer 1 / neuron 0", inner.Scope!.ToString());
        Assert.Equal(1, inner.Scope.Depth);
        Assert.Equal("layer 1", outer.Scope!.Name);
        Assert.Null(outside.Scope);
        Assert.Null(Scope.Current);
    }

    [Fact]
    public void LeavingAnOuterScopeFirst_IsRefused_NamingBothScopes()
    {
        Scope outer = Scope.Enter("outer");
        Scope inner = Scope.Enter("inner");
        try
        {
            var error = Assert.Throws<InvalidOperationException>(outer.Dispose);
            Assert.Contains("Scope 'outer' cannot be left while scope 'inner'", error.Message);
        }
        finally
        {
            inner.Dispose();
            outer.Dispose();
        }

        Assert.Null(Scope.Current);
    }
}

using System.Diagnostics;
using System.Reflection;

namespace AutoGrad.Tests;

public class BuildSettingsTests
{
    // `dotnet run script.cs` builds the library it references with #:project in Debug; the tests run in
    // Debug too, so this sees what a script gets.
    [Fact]
    public void Library_IsBuiltOptimised_InEveryConfiguration()
    {
        var debuggable = typeof(Value).Assembly.GetCustomAttribute<DebuggableAttribute>();

        Assert.False(debuggable?.IsJITOptimizerDisabled ?? false, "AutoGrad.dll asks the JIT not to optimise: set <Optimize>true</Optimize> in src/AutoGrad/AutoGrad.csproj.");
    }
}

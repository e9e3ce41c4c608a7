using FsCheck;

namespace AutoGrad.Tests;

/// <summary>Runs FsCheck properties the same way in every test (the generators are AutoGrad.FsCheck's, the kit users get).</summary>
internal static class PropertyRunner
{
    /// <summary>Runs a property with 200 cases and fails the test with the counterexample when it fails.</summary>
    public static void Check(Property property) =>
        global::FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), property);

    /// <summary>Runs a property that must fail, and returns FsCheck's failure text (the counterexample, shrunk).</summary>
    public static string Failure(Property property)
    {
        try
        {
            global::FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), property);
        }
        catch (Exception failure) when (failure.Message.Contains("Falsifiable", StringComparison.Ordinal))
        {
            return failure.Message;
        }

        throw new Xunit.Sdk.XunitException("The property passed 200 cases, but it should have failed.");
    }
}

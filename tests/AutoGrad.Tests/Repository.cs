namespace AutoGrad.Tests;

/// <summary>Where the repository's files are, found from the test binaries.</summary>
internal static class Repository
{
    /// <summary>The folder holding AutoGrad.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "AutoGrad.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No AutoGrad.sln above {AppContext.BaseDirectory}.");
    }
}

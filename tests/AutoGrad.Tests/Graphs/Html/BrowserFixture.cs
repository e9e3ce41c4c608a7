using Microsoft.Playwright;

namespace AutoGrad.Tests.Graphs.Html;

/// <summary>
/// One headless Chromium for a whole test class: Debian's <c>chromium</c> found on PATH, driven by
/// Playwright (whose package carries its own Node driver; no browser is downloaded). Where chromium
/// is not installed, <see cref="Unavailable"/> says so and the tests report themselves skipped
/// with that message (.ci/run installs it, so in CI they run).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    /// <summary>The browser, or null when <see cref="Unavailable"/> says why not.</summary>
    public IBrowser? Browser { get; private set; }

    /// <summary>Why there is no browser, or null when there is one.</summary>
    public string? Unavailable { get; private set; }

    public async Task InitializeAsync()
    {
        string? chromium = FindOnPath("chromium") ?? FindOnPath("chromium-browser");
        if (chromium is null)
        {
            Unavailable = "Browser test skipped: no 'chromium' on PATH (Debian: apt-get install -y chromium; .ci/run installs it).";
            return;
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox"], // tests run as root in containers, where Chromium's sandbox cannot start
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);
}

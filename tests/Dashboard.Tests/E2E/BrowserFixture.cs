using Microsoft.Playwright;

namespace MusicDashboard.Dashboard.Tests.E2E;

/// <summary>
/// Headless Debian Chromium driven by Playwright. Playwright's own browser download does not work on these machines, so the
/// system browser is used (test.sh installs it); its driver (node + the playwright package) comes with the NuGet package.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumVariable = "MUSICDASH_CHROMIUM";

    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Screenshots of the pages, beside the tests and in /tmp/ui-shots for a quick look.</summary>
    public string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");
    public string SharedScreenshotFolder { get; } = Path.Combine(Path.GetTempPath(), "ui-shots");

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } custom ? custom : "/usr/bin/chromium";
        if (!File.Exists(executable))
            throw new FileNotFoundException($"no Chromium at {executable}: install Debian's (apt-get install -y chromium; test.sh does it) or set {ChromiumVariable}");
        // The machine is shared (builds, other servers, training): give the pages time before an expectation fails.
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic",
                // Lets a test start playback without a click; there is no sound card, Chromium then plays into a fake sink.
                "--autoplay-policy=no-user-gesture-required",
            ],
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    public async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        try
        {
            Directory.CreateDirectory(SharedScreenshotFolder);
            File.Copy(path, Path.Combine(SharedScreenshotFolder, name + ".png"), overwrite: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

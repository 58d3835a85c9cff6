using Microsoft.Playwright;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>
/// Headless Chromium (Debian's, driven by Playwright as the browser tests drive it) for the bench's browser figures: opens
/// a page of a running dashboard with a JavaScript probe installed before the page's own scripts, so the probe can watch
/// the page from its first frame, and reads what the probe recorded. One browser serves every page a bench opens.
/// </summary>
public sealed class BrowserProbe : IAsyncDisposable
{
    public const string DefaultChromium = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserProbe(IPlaywright playwright, IBrowser browser) => (_playwright, _browser) = (playwright, browser);

    /// <summary>The browser itself, for measurements that drive a page their own way (<see cref="MapRenderBench"/>).</summary>
    public IBrowser Browser => _browser;

    public static async Task<BrowserProbe> LaunchAsync(string executable)
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = executable,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            return new BrowserProbe(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Opens <paramref name="url"/> in a fresh 1400 x 900 context with <paramref name="probeScript"/> run before
    /// the page's scripts, and waits until the page is interactive (the layout's <c>data-interactive</c> mark).</summary>
    public async Task<IPage> OpenAsync(string url, string probeScript, CancellationToken ct)
    {
        var context = await _browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        await context.AddInitScriptAsync(probeScript);
        var page = await context.NewPageAsync();
        ct.ThrowIfCancellationRequested();
        await page.GotoAsync(url, new() { Timeout = 120_000 });
        await page.Locator("[data-interactive=true]").WaitForAsync(new() { Timeout = 120_000 });
        return page;
    }

    /// <summary>What the probe recorded: a JavaScript expression evaluated in the page.</summary>
    public static Task<T> ReadAsync<T>(IPage page, string expression) => page.EvaluateAsync<T>(expression);

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}

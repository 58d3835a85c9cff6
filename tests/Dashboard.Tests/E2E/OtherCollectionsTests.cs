using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MusicDashboard.Dashboard.Tests.E2E;

/// <summary>A configured collection of the user's: named as such (not "synthetic demo"), unreadable files shown with their error.</summary>
public sealed class OwnDatasetPageTests(OwnDatasetServer server, BrowserFixture browser) : IClassFixture<OwnDatasetServer>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task TracksPageShowsTheCollectionAndItsUnreadableFileInRed()
    {
        var (page, problems) = await Pages.OpenAsync(browser, server, "/tracks");
        await Expect(page.GetByTestId("tracks-count")).ToHaveTextAsync("2 matching", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("dataset-label")).ToContainTextAsync(OwnDatasetServer.DatasetFolder);
        await Expect(page.GetByTestId("synthetic-demo")).ToHaveCountAsync(0);

        var rows = page.Locator("[data-testid=tracks-table] tbody tr.mud-table-row");
        var good = rows.Filter(new() { HasText = "blues.00000.wav" });
        var bad = rows.Filter(new() { HasText = "jazz.00054.wav" });
        await Expect(good.Locator("audio.track-audio")).ToHaveCountAsync(1);
        await Expect(good.GetByTestId("track-error")).ToHaveCountAsync(0);
        await Expect(bad.Locator("audio.track-audio")).ToHaveCountAsync(0);
        await Expect(bad.GetByTestId("track-error")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bmud-error-text\b"));
        Assert.False(string.IsNullOrWhiteSpace(await bad.GetByTestId("track-error").InnerTextAsync()));
        await Expect(page.GetByTestId("tracks-summary")).ToContainTextAsync("1 unreadable");
        await browser.ScreenshotAsync(page, "tracks-own-dataset");
        Assert.Empty(problems);
    }
}

/// <summary>A configured dataset folder that is missing: the page says so, nothing else breaks.</summary>
public sealed class MissingDatasetPageTests(MissingDatasetServer server, BrowserFixture browser) : IClassFixture<MissingDatasetServer>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task TracksPageExplainsThatTheCollectionCouldNotBePrepared()
    {
        var (page, problems) = await Pages.OpenAsync(browser, server, "/tracks");
        var alert = page.GetByTestId("collection-error");
        await Expect(alert).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(alert).ToContainTextAsync(MissingDatasetServer.DatasetFolder);
        await Expect(page.GetByTestId("tracks-empty")).ToContainTextAsync("could not be prepared");
        await browser.ScreenshotAsync(page, "tracks-failed");

        // The rest of the dashboard still works.
        await page.Locator(".mud-drawer .mud-nav-link").Nth(1).ClickAsync();
        await Expect(page.GetByTestId("runs-empty")).ToBeVisibleAsync();
        Assert.Empty(problems);
    }
}

internal static class Pages
{
    /// <summary>A fresh browser context on a page of the dashboard, interactive, with its script errors collected.</summary>
    /// <param name="interactive">Wait for the circuit (false for a page that is only server-rendered, e.g. sign-in).</param>
    public static async Task<(IPage Page, List<string> Problems)> OpenAsync(BrowserFixture browser, DashboardServer server, string path, int width = 1400, bool interactive = true)
    {
        var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = 900 }, BaseURL = server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        // A first page load on a busy 2-core machine (several servers and builds at once) can take longer than a click.
        page.SetDefaultNavigationTimeout(60_000);
        // Any script error or failed request is a defect of the page, even when the assertions pass.
        var problems = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") problems.Add("console: " + m.Text); };
        page.PageError += (_, e) => problems.Add("page error: " + e);
        await page.GotoAsync(path);
        // Clicks before the circuit is up are lost: the layout says when it renders interactively.
        if (interactive) await page.Locator("[data-interactive=true]").WaitForAsync(new() { Timeout = 30_000 });
        return (page, problems);
    }
}

using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MusicDashboard.Core.Storage;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MusicDashboard.Dashboard.Tests.E2E;

/// <summary>The dashboard in a real browser: the demo corpus appears, filters work, audio plays, runs render.</summary>
[Collection(DashboardServerCollection.Name)]
public sealed class DashboardPagesTests(DashboardServer server, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan CorpusTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TracksPageListsTheDemoCorpusFiltersItAndPlaysATrack()
    {
        var clock = Stopwatch.StartNew();
        var (page, problems) = await OpenAsync("/tracks");

        // The corpus is generated and scanned in the background; the table fills itself once the collection is ready.
        await Expect(page.GetByTestId("tracks-count")).ToHaveTextAsync($"{DashboardServer.ExpectedTracks} matching", new() { Timeout = (float)CorpusTimeout.TotalMilliseconds });
        output.WriteLine($"tracks listed after {clock.Elapsed.TotalSeconds:0.0} s (server answered after {server.StartUpTime.TotalSeconds:0.0} s)");
        var genres = await page.GetByTestId("track-genre").AllInnerTextsAsync();
        Assert.Equal(DashboardServer.ExpectedTracks, genres.Count);
        Assert.Equal(DashboardServer.Genres, genres.Distinct().Count());
        Assert.All(genres.GroupBy(g => g), g => Assert.Equal(DashboardServer.TracksPerGenre, g.Count()));
        await Expect(page.GetByTestId("collection-progress")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("tracks-summary")).ToContainTextAsync("20 tracks · 10 genres");

        // Labelled synthetic: in the app bar and on the page.
        await Expect(page.Locator(".mud-appbar").GetByTestId("synthetic-demo")).ToHaveTextAsync("synthetic demo");
        await Expect(page.Locator(".mud-main-content").GetByTestId("synthetic-demo").First).ToBeVisibleAsync();
        await Expect(page.Locator("audio.track-audio")).ToHaveCountAsync(DashboardServer.ExpectedTracks);
        await browser.ScreenshotAsync(page, "tracks");

        // Genre filter: pick two genres from the multi-select.
        var first = genres[0];
        var second = genres.Distinct().Last();
        await SelectGenreAsync(page, first);
        await ExpectRowsAsync(page, [first]);
        await SelectGenreAsync(page, second);
        await ExpectRowsAsync(page, [first, second]);
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByTestId("tracks-count")).ToHaveTextAsync($"{2 * DashboardServer.TracksPerGenre} matching");
        await browser.ScreenshotAsync(page, "tracks-filtered");
        // Deselecting both brings everything back.
        await SelectGenreAsync(page, first);
        await SelectGenreAsync(page, second);
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByTestId("tracks-count")).ToHaveTextAsync($"{DashboardServer.ExpectedTracks} matching");

        // File-name filter (server side, debounced).
        await page.GetByTestId("file-filter").FillAsync(".00001");
        // Leaving the field commits the value even if a loaded machine let the debounce timer's render slip.
        await page.GetByTestId("file-filter").PressAsync("Tab");
        await Expect(page.GetByTestId("tracks-count")).ToHaveTextAsync($"{DashboardServer.Genres} matching");
        await Expect(page.GetByTestId("track-genre")).ToHaveCountAsync(DashboardServer.Genres);
        await page.GetByTestId("file-filter").FillAsync("");
        await page.GetByTestId("file-filter").PressAsync("Tab");
        await Expect(page.GetByTestId("tracks-count")).ToHaveTextAsync($"{DashboardServer.ExpectedTracks} matching");

        // The player's source is a real WAV served by the endpoint...
        var audio = page.Locator("audio.track-audio").First;
        var fetched = await audio.EvaluateAsync<JsonElement>("""
            async a => {
                const r = await fetch(a.src);
                const bytes = new Uint8Array(await r.arrayBuffer());
                return { status: r.status, type: r.headers.get('content-type'), magic: String.fromCharCode(...bytes.slice(0, 4)), length: bytes.length };
            }
            """);
        Assert.Equal(200, fetched.GetProperty("status").GetInt32());
        Assert.Equal("audio/wav", fetched.GetProperty("type").GetString());
        Assert.Equal("RIFF", fetched.GetProperty("magic").GetString());
        Assert.True(fetched.GetProperty("length").GetInt32() > 100_000);

        // ...and the browser actually plays it.
        var played = await audio.EvaluateAsync<string>("a => a.play().then(() => 'playing', e => e.name + ': ' + e.message)");
        Assert.Equal("playing", played);
        await page.WaitForFunctionAsync("a => a.currentTime > 0.2", await audio.ElementHandleAsync(), new() { Timeout = 15_000 });
        var state = await audio.EvaluateAsync<JsonElement>("a => ({ t: a.currentTime, d: a.duration, e: a.error && a.error.message })");
        output.WriteLine($"audio: currentTime {state.GetProperty("t").GetDouble():0.00} s of {state.GetProperty("d").GetDouble():0.0} s");
        Assert.InRange(state.GetProperty("d").GetDouble(), 29, 31);
        await audio.EvaluateAsync("a => a.pause()");

        Assert.Empty(problems);
        output.WriteLine($"whole test {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task RunsPageShowsItsEmptyStateThenStoredRunsWithTheirMetrics()
    {
        await server.WaitForTracksAsync(CorpusTimeout);
        var (page, problems) = await OpenAsync("/runs");
        await Expect(page.GetByTestId("runs-empty")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("runs-empty")).ToContainTextAsync("dotnet run --project src/Dashboard -- reproduce --dataset demo --out <dir>");
        await browser.ScreenshotAsync(page, "runs-empty");

        var ids = await InsertRunsAsync();
        try
        {
            await page.GetByTestId("runs-refresh").ClickAsync();
            var rows = page.Locator("[data-testid=runs-table] tbody tr.mud-table-row");
            await Expect(rows).ToHaveCountAsync(2);
            // Newest first: the failed run was created after the completed one.
            await Expect(rows.Nth(0)).ToContainTextAsync("failed");
            await Expect(rows.Nth(1)).ToContainTextAsync("completed");
            await Expect(rows.Nth(1).GetByTestId("synthetic-demo")).ToBeVisibleAsync();

            await rows.Nth(1).GetByTestId("run-expand").ClickAsync();
            var details = page.GetByTestId("run-details");
            await Expect(details).ToHaveCountAsync(1);
            await Expect(details.Locator("tbody tr")).ToHaveCountAsync(2);
            await Expect(details.Locator("tbody tr").Nth(0)).ToContainTextAsync("MLP-VAE + K-Means");
            await Expect(details.Locator("tbody tr").Nth(0)).ToContainTextAsync("0.123");
            await Expect(details.Locator("tbody tr").Nth(0)).ToContainTextAsync("1.235");
            await Expect(details.Locator("tbody tr").Nth(1)).ToContainTextAsync("n/a");

            await rows.Nth(0).GetByTestId("run-expand").ClickAsync();
            await Expect(details).ToHaveCountAsync(2);
            await Expect(page.GetByText("loss became NaN at epoch 3")).ToBeVisibleAsync();
            await Expect(page.GetByText("genres/jazz/jazz.00054.wav")).ToBeVisibleAsync();
            await browser.ScreenshotAsync(page, "runs");
        }
        finally
        {
            await using var db = server.OpenDatabase();
            await db.Runs.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync();
        }
        Assert.Empty(problems);
    }

    [Fact]
    public async Task NavigationReachesEveryPage()
    {
        var (page, problems) = await OpenAsync("/");
        await Expect(page.Locator(".mud-main-content h5").First).ToHaveTextAsync("Overview");
        var nav = page.Locator(".mud-drawer .mud-nav-link");
        string[] titles = ["Overview", "Runs", "New run", "Tracks", "Map", "Playlists", "Studies", "Compare runs", "Dataset", "Workers"];
        await Expect(nav).ToHaveTextAsync(["Overview", "Runs", "New run", "Tracks", "Map", "Playlists", "Studies", "Compare", "Dataset", "Workers"]);
        for (var i = 1; i < titles.Length; i++)
        {
            await nav.Nth(i).ClickAsync();
            await Expect(page.Locator(".mud-main-content h5").First).ToHaveTextAsync(titles[i]);
            await Expect(nav.Nth(i)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bactive\b"));
        }
        // The last page, Workers, of a dashboard without scale-out: it says it executes its runs itself.
        await Expect(page.GetByTestId("workers-embedded")).ToContainTextAsync("executes its runs itself");
        await nav.Nth(0).ClickAsync();
        await page.WaitForURLAsync(server.BaseAddress.ToString());
        await Expect(page.Locator(".mud-main-content h5").First).ToHaveTextAsync("Overview");
        Assert.Empty(problems);
    }

    private Task<(IPage Page, List<string> Problems)> OpenAsync(string path) => Pages.OpenAsync(browser, server, path);

    private static async Task SelectGenreAsync(IPage page, string genre)
    {
        var popover = page.Locator(".mud-popover-open");
        if (await popover.CountAsync() == 0) await page.GetByTestId("genre-filter").ClickAsync();
        await popover.Locator(".mud-list-item").Filter(new() { HasTextRegex = new($"^\\s*{genre} \\(") }).ClickAsync();
    }

    private static async Task ExpectRowsAsync(IPage page, string[] genres)
    {
        await Expect(page.GetByTestId("track-genre")).ToHaveCountAsync(genres.Length * DashboardServer.TracksPerGenre);
        var shown = await page.GetByTestId("track-genre").AllInnerTextsAsync();
        Assert.All(shown, g => Assert.Contains(g, genres));
    }

    private async Task<int[]> InsertRunsAsync()
    {
        await using var db = server.OpenDatabase();
        var created = new DateTime(2026, 11, 20, 9, 30, 0, DateTimeKind.Utc);
        var completed = new RunEntity
        {
            Name = "demo reproduction", Preset = "paper", Dataset = "synthetic demo", DatasetRoot = server.DemoCorpusFolder, ConfigJson = "{}",
            State = RunState.Completed, CreatedAt = created, StartedAt = created.AddSeconds(2), FinishedAt = created.AddSeconds(95), Clips = 60, TracksUsed = 20,
            Metrics =
            [
                new() { Order = 0, Row = new("MLP-VAE + K-Means", "MFCC", "K-Means", 10, 0.12345, 1.23456, 45.6789, 0.5, 0.61, 0.7, 0) },
                new() { Order = 1, Row = new("MFCC + K-Means", "MFCC", "K-Means", 10, 0.2, 1.5, 30, null, null, null, 0) },
            ],
        };
        var failed = new RunEntity
        {
            Name = "conv run", Preset = "conv-vae", Dataset = "GTZAN", DatasetRoot = "/music/gtzan", ConfigJson = "{}",
            State = RunState.Failed, CreatedAt = created.AddHours(1), StartedAt = created.AddHours(1), FinishedAt = created.AddHours(1).AddMinutes(3),
            Error = "diverged: loss became NaN at epoch 3",
            SkippedFilesJson = """[{"path":"genres/jazz/jazz.00054.wav","reason":"unreadable: the file is corrupt"}]""",
        };
        db.Runs.AddRange(completed, failed);
        await db.SaveChangesAsync();
        return [completed.Id, failed.Id];
    }
}

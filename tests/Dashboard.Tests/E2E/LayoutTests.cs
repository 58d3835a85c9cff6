using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MusicDashboard.Core.Storage;
using MusicDashboard.Training.Pipeline;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MusicDashboard.Dashboard.Tests.E2E;

/// <summary>
/// The layout holds from 1280 to 1920 px: on every page nothing of the main content reaches past its right edge (the
/// Runs table's Actions, the Tracks players, the filters); the multi-selects close on Escape; and loading the pages
/// makes the server log no static-asset warning.
/// </summary>
[Collection(DashboardServerCollection.Name)]
public sealed class LayoutTests(DashboardServer server, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    public static readonly TheoryData<int> Widths = new() { 1280, 1400, 1920 };

    /// <summary>Elements of the main content whose right edge lies past the main content's (visible) right edge, and
    /// scroll containers that scroll sideways: "what (right edge &gt; limit)".</summary>
    private const string OverflowScript = """
        () => {
            const main = document.querySelector('.mud-main-content');
            const limit = main.getBoundingClientRect().right + 0.5;
            const found = [];
            if (main.scrollWidth > main.clientWidth + 1) found.push(`main content scrolls sideways (${main.scrollWidth} > ${main.clientWidth})`);
            if (document.documentElement.scrollWidth > document.documentElement.clientWidth + 1) found.push(`page scrolls sideways (${document.documentElement.scrollWidth})`);
            for (const c of main.querySelectorAll('.mud-table-container'))
                if (c.scrollWidth > c.clientWidth + 1) found.push(`table ${c.parentElement.getAttribute('data-testid')} scrolls sideways (${c.scrollWidth} > ${c.clientWidth})`);
            for (const e of main.querySelectorAll('th, audio, .mud-input-control, .mud-button-root, .mud-chip')) {
                const r = e.getBoundingClientRect();
                if (r.width > 0 && r.right > limit) found.push(`${e.tagName.toLowerCase()}.${[...e.classList].slice(0, 2).join('.')} '${(e.innerText || '').trim().slice(0, 20)}' (${Math.round(r.right)} > ${Math.round(limit)})`);
            }
            return found;
        }
        """;

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task EveryPageFitsItsWidth(int width)
    {
        var tracks = await server.WaitForTracksAsync(TimeSpan.FromSeconds(60));
        var runId = await InsertClusteredRunAsync(tracks);
        try
        {
            string[] paths = ["/", "/runs", "/runs/new", "/tracks", $"/tracks?run={runId}", "/compare", "/dataset"];
            var failures = new List<string>();
            foreach (var path in paths)
            {
                var (page, problems) = await Pages.OpenAsync(browser, server, path, width);
                // The tables fill after the first interactive render.
                if (path.StartsWith("/tracks")) await Expect(page.Locator("audio.track-audio").First).ToBeVisibleAsync();
                if (path == "/runs") await Expect(page.GetByTestId("run-name").First).ToBeVisibleAsync();
                await page.WaitForTimeoutAsync(300);
                var overflow = await page.EvaluateAsync<string[]>(OverflowScript);
                failures.AddRange(overflow.Select(o => $"{path} at {width} px: {o}"));
                failures.AddRange(problems.Select(p => $"{path}: {p}"));
                if (path is "/runs" or "/tracks" || path.StartsWith("/tracks?")) await browser.ScreenshotAsync(page, $"layout-{path.Trim('/').Split('?')[0]}{(path.Contains('?') ? "-run" : "")}-{width}");
                await page.Context.CloseAsync();
            }
            foreach (var f in failures) output.WriteLine(f);
            Assert.Empty(failures);
            Assert.DoesNotContain(server.LogTail(int.MaxValue).Split('\n'), line => line.Contains("static asset", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            await using var db = server.OpenDatabase();
            await db.Runs.Where(r => r.Id == runId).ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task OpenSelectsCloseOnEscape()
    {
        var tracks = await server.WaitForTracksAsync(TimeSpan.FromSeconds(60));
        var runId = await InsertClusteredRunAsync(tracks);
        try
        {
            var (page, problems) = await Pages.OpenAsync(browser, server, $"/tracks?run={runId}", 1280);
            await Expect(page.Locator("audio.track-audio").First).ToBeVisibleAsync();
            foreach (var select in new[] { "cluster-filter", "genre-filter", "run-filter" })
            {
                await page.GetByTestId(select).ClickAsync();
                var open = page.Locator(".mud-popover-open .mud-list-item");
                await Expect(open.First).ToBeVisibleAsync();
                if (select != "run-filter") await open.First.ClickAsync(); // a choice made, the list stays open (multi-selection)
                await page.Keyboard.PressAsync("Escape");
                await Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0, new() { Timeout = 5_000 });
            }
            await page.Context.CloseAsync();

            (page, var more) = await Pages.OpenAsync(browser, server, "/runs", 1280);
            await page.GetByTestId("runs-filter-state").ClickAsync();
            await Expect(page.Locator(".mud-popover-open .mud-list-item").First).ToBeVisibleAsync();
            await page.Keyboard.PressAsync("Escape");
            await Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0, new() { Timeout = 5_000 });
            Assert.Empty(problems.Concat(more));
        }
        finally
        {
            await using var db = server.OpenDatabase();
            await db.Runs.Where(r => r.Id == runId).ExecuteDeleteAsync();
        }
    }

    /// <summary>A completed run with a long name, its metric rows and a cluster for every track (two clusters).</summary>
    private async Task<int> InsertClusteredRunAsync(IReadOnlyList<TrackEntity> tracks)
    {
        var config = Presets.ByName(Presets.MlpVaeHandcraftedTc, "demo", 0);
        var created = DateTime.UtcNow;
        var run = new RunEntity
        {
            Name = "MLP-VAE (Audio, MFCC + hand-crafted, track-consistent) on synthetic demo, seed 0", Preset = config.Preset, Dataset = "synthetic demo",
            DatasetRoot = server.DemoCorpusFolder, ConfigJson = config.ToJson(), State = RunState.Completed, CreatedAt = created,
            StartedAt = created, FinishedAt = created.AddMinutes(3), Clips = tracks.Count, TracksUsed = tracks.Count,
            Metrics = [new() { Order = 0, Row = new(RunPipeline.LatentMethodName(config), "Latent", "K-Means", 10, 0.21, 1.2, 40, 0.41, 0.62, 0.7, 1) }],
        };
        await using var db = server.OpenDatabase();
        db.Runs.Add(run);
        await db.SaveChangesAsync();
        db.Assignments.AddRange(tracks.Where(t => t.Error is null).Select((t, i) => new AssignmentEntity
        {
            RunId = run.Id, Method = RunPipeline.LatentMethodName(config), TrackId = t.Id, ClipIndex = 0, Cluster = i % 2, X = i, Y = -i,
        }));
        await db.SaveChangesAsync();
        return run.Id;
    }
}

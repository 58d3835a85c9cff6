using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MusicDashboard.Dashboard.Tests.E2E;

/// <summary>Its own server: these tests create runs, which the other browser tests' empty states must not see.</summary>
public sealed class LiveDashboardServer : DashboardServer;

[CollectionDefinition(Name)]
public sealed class LiveDashboardServerCollection : ICollectionFixture<LiveDashboardServer>
{
    public const string Name = "live dashboard server";
}

/// <summary>The whole loop in a real browser: a run configured in the form, watched live, then its tracks explored.</summary>
[Collection(LiveDashboardServerCollection.Name)]
public sealed class LiveDashboardTests(LiveDashboardServer server, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const int Epochs = 100;
    private const int Clips = 60;

    [Fact]
    public async Task ARunFromThePresetFormTrainsLiveThenItsTracksFilterByClusterAndGenreWithTranscripts()
    {
        var clock = Stopwatch.StartNew();
        await server.WaitForTracksAsync(TimeSpan.FromSeconds(90));
        var (page, problems) = await Pages.OpenAsync(browser, server, "/runs/new");

        // Fill the form from a preset, with an invalid value first: the message appears beside the field and blocks submit.
        await page.GetByTestId("f-preset").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new("^\\s*MLP-VAE \\(Audio\\) ·") }).ClickAsync();
        await Expect(page.GetByTestId("f-latent")).ToHaveValueAsync("16");
        var epochs = page.GetByTestId("f-epochs");
        await epochs.FillAsync("0");
        await Expect(page.Locator(".mud-input-control").Filter(new() { Has = epochs })).ToContainTextAsync("epochs must be between 1 and 10000");
        await Expect(page.GetByTestId("f-submit")).ToBeDisabledAsync();
        await browser.ScreenshotAsync(page, "new-run-invalid");
        await epochs.FillAsync(Epochs.ToString());
        await page.GetByTestId("f-name").FillAsync("browser run");
        await Expect(page.GetByTestId("f-submit")).ToBeEnabledAsync();
        await browser.ScreenshotAsync(page, "new-run");
        await page.GetByTestId("f-submit").ClickAsync();

        // Queued, then redirected to the run's page.
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/runs/\d+$"));
        var runId = int.Parse(page.Url.Split('/')[^1]);
        output.WriteLine($"run #{runId} queued after {clock.Elapsed.TotalSeconds:0.0} s");

        // The loss chart gains points while the run goes: the page records the chart's length at every animation frame
        // (each batch of epochs is one extendTraces), the test polls until the run ends.
        await page.EvaluateAsync("""
            () => {
                window.__lossLengths = [];
                const tick = () => {
                    const n = document.getElementById('loss-chart')?.data?.[0]?.x?.length ?? -1;
                    const a = window.__lossLengths;
                    if (a[a.length - 1] !== n) a.push(n);
                    requestAnimationFrame(tick);
                };
                tick();
            }
            """);
        var seen = new SortedSet<int>();
        var shotMidRun = false;
        var deadline = DateTime.UtcNow.AddSeconds(300);
        while (true)
        {
            var count = await page.EvaluateAsync<int>("() => document.getElementById('loss-chart')?.data?.[0]?.x?.length ?? -1");
            if (!shotMidRun && count is > 0 and < Epochs)
            {
                shotMidRun = true;
                await browser.ScreenshotAsync(page, "run-live-training");
            }
            if (await page.Locator(".run-state[data-state=Completed]").CountAsync() > 0) break;
            if (await page.Locator(".run-state[data-state=Failed]").CountAsync() > 0)
                Assert.Fail("the run failed: " + await page.GetByTestId("run-message").InnerTextAsync());
            Assert.True(DateTime.UtcNow < deadline, $"run not finished in time; loss points seen: {string.Join(",", seen)}\n{server.LogTail()}");
            await Task.Delay(100);
        }
        await page.WaitForFunctionAsync($"() => document.getElementById('loss-chart')?.data?.[0]?.x?.length === {Epochs}");
        foreach (var n in await page.EvaluateAsync<int[]>("() => window.__lossLengths")) seen.Add(n);
        output.WriteLine($"loss chart lengths seen in the browser: {string.Join(", ", seen)}");
        Assert.Contains(seen, c => c is > 0 and < Epochs);
        Assert.Equal(Epochs, seen.Max);

        // At the end: Table 2 rows beside the study's, the final scatter, the contingency heatmap, the log.
        await Expect(page.GetByTestId("metrics-row")).ToHaveCountAsync(5); // four raw baselines and the model
        await Expect(page.GetByTestId("metrics-unit").First).ToContainTextAsync("tracks");
        await Expect(page.GetByTestId("study-row")).ToHaveCountAsync(5);
        await Expect(page.GetByTestId("metrics-row").Nth(4)).ToContainTextAsync("MLP-VAE (Audio) + KMeans");
        await page.WaitForFunctionAsync($"() => document.getElementById('latent-chart')?.data?.[0]?.x?.length === {Clips}");
        await page.WaitForFunctionAsync("() => document.getElementById('contingency-chart')?.data?.[0]?.z?.length > 0");
        await Expect(page.GetByTestId("run-log")).ToContainTextAsync("completed in");
        await page.GetByTestId("colour-toggle").GetByText("by genre").ClickAsync();
        await Expect(page.GetByTestId("scatter-legend").Locator(".legend-chip")).ToHaveCountAsync(10);
        await browser.ScreenshotAsync(page, "run-live");

        // Tracks of this run: one cluster, then one genre present in it; each row shows its transcript and source.
        await page.GotoAsync($"/tracks?run={runId}");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await Expect(page.GetByTestId("tracks-count")).ToHaveTextAsync($"{DashboardServer.ExpectedTracks} matching");
        await page.GetByTestId("cluster-filter").ClickAsync();
        var firstCluster = page.Locator(".mud-popover-open .mud-list-item").First;
        var clusterLabel = (await firstCluster.InnerTextAsync()).Trim(); // "cluster 0 (3)"
        var cluster = clusterLabel.Split(' ')[1];
        await firstCluster.ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        // The table reloads server-side: wait until every row shows the cluster.
        await page.WaitForFunctionAsync("c => { const rows = [...document.querySelectorAll('[data-testid=track-clusters]')]; return rows.length > 0 && rows.every(e => e.textContent.split(' · ').includes(c)); }", cluster);
        var clusterRows = await page.GetByTestId("track-clusters").AllInnerTextsAsync();
        Assert.All(clusterRows, c => Assert.Contains(cluster, c.Split(" · ")));
        var genre = (await page.GetByTestId("track-genre").First.InnerTextAsync()).Trim();

        await page.GetByTestId("genre-filter").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new($"^\\s*{genre} \\(") }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await page.WaitForFunctionAsync("g => { const rows = [...document.querySelectorAll('[data-testid=track-genre]')]; return rows.length > 0 && rows.every(e => e.textContent.trim() === g); }", genre);
        var genres = await page.GetByTestId("track-genre").AllInnerTextsAsync();
        Assert.All(genres, g => Assert.Equal(genre, g.Trim()));
        Assert.True(genres.Count <= clusterRows.Count);
        var sources = await page.GetByTestId("transcript-source").AllInnerTextsAsync();
        Assert.Equal(genres.Count, sources.Count);
        Assert.All(sources, s => Assert.True(s.Contains("sidecar lyrics") || s.Contains("no lyrics"), s));
        await page.Locator(".mud-main-content h5").First.ClickAsync(); // close the filter's popover for the picture
        await Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        output.WriteLine($"cluster {cluster} + genre {genre}: {genres.Count} track(s); transcripts: {string.Join(" | ", sources)}");
        await browser.ScreenshotAsync(page, "tracks-run-filtered");

        // Transcript words: the demo's vocal genres carry lyric sidecars.
        await page.GotoAsync($"/tracks?run={runId}");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        var withText = page.Locator("[data-testid=track-transcript] details").First;
        await Expect(withText).ToBeVisibleAsync();
        await withText.Locator("summary").ClickAsync();
        var word = (await withText.Locator(".transcript-full").InnerTextAsync()).Split([' ', '\n', ',', '.'], StringSplitOptions.RemoveEmptyEntries).First(w => w.Length >= 4);
        await page.GetByTestId("transcript-filter").FillAsync(word);
        await page.GetByTestId("transcript-filter").PressAsync("Tab");
        await Expect(page.GetByTestId("tracks-count")).Not.ToHaveTextAsync($"{DashboardServer.ExpectedTracks} matching");
        var previews = await page.Locator("[data-testid=track-transcript] .transcript-full").AllTextContentsAsync();
        Assert.NotEmpty(previews);
        Assert.All(previews, p => Assert.Contains(word, p, StringComparison.OrdinalIgnoreCase));
        await browser.ScreenshotAsync(page, "tracks-transcripts");

        // The other pages, with this run in them.
        foreach (var (path, name) in new[] { ("/", "overview"), ("/runs", "runs-live"), ($"/compare?runs={runId}", "compare"), ("/dataset", "dataset") })
        {
            await page.GotoAsync(path);
            await page.Locator("[data-interactive=true]").WaitForAsync();
            await page.WaitForTimeoutAsync(name == "compare" ? 1500 : 400); // plotly draws after the first render
            await browser.ScreenshotAsync(page, name);
        }
        await Expect(page.GetByTestId("dataset-lyrics")).ToContainTextAsync("track(s) with a transcript");
        Assert.Empty(problems);
        output.WriteLine($"whole test {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task ARunThatCannotWorkEndsFailedWithItsReasonOnItsPage()
    {
        await server.WaitForTracksAsync(TimeSpan.FromSeconds(90));
        // K above the number of tracks the rows are scored on: the pipeline refuses with a reason; the run is failed, the server fine.
        using var response = await server.Http.PostAsJsonAsync("/api/runs", new { preset = "mlp-vae-audio", dataset = "demo", epochs = 2, k = 200, name = "too many clusters" });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var (page, problems) = await Pages.OpenAsync(browser, server, $"/runs/{id}");
        await Expect(page.Locator(".run-state[data-state=Failed]")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await Expect(page.GetByTestId("run-message")).ToContainTextAsync("tracks to cluster into K = 200");
        await Expect(page.GetByTestId("run-log")).ToContainTextAsync("failed:");
        await browser.ScreenshotAsync(page, "run-failed");
        Assert.Empty(problems);
    }
}

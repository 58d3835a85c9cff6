using System.Net.Http.Json;
using System.Text.RegularExpressions;
using MusicDashboard.Training.Pipeline;
using static Microsoft.Playwright.Assertions;

namespace MusicDashboard.Dashboard.Tests.E2E;

/// <summary>Its own server: the button queues a whole study, which no other browser test must wait behind.</summary>
public sealed class StudyButtonServer : DashboardServer;

/// <summary>"Reproduce the study" on the Runs page queues every preset (the study's four and our track-consistent
/// variants) and opens Compare on them, which lists them as not finished yet with links to their live pages.</summary>
public sealed class ReproduceButtonTests(StudyButtonServer server, BrowserFixture browser) : IClassFixture<StudyButtonServer>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ReproduceTheStudyQueuesEveryPresetAndOpensCompareOnThem()
    {
        var (page, problems) = await Pages.OpenAsync(browser, server, "/runs");
        await page.GetByTestId("runs-reproduce").ClickAsync();

        await page.WaitForURLAsync(new Regex(@"/compare\?runs=[\d,]+$"), new() { Timeout = 60_000 });
        var ids = page.Url.Split("runs=")[1].Split(',').Select(int.Parse).ToList();
        Assert.Equal(Presets.All.Count, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());

        var pending = page.GetByTestId("compare-pending");
        await Expect(pending).ToBeVisibleAsync(new() { Timeout = 30_000 });
        foreach (var id in ids) await Expect(pending.Locator($"a[href='runs/{id}']")).ToHaveCountAsync(1);

        // The runs are stored with their presets' configurations: one per preset, seed 0, on the configured dataset (demo).
        var presets = new List<string>();
        foreach (var id in ids)
        {
            using var config = await server.Http.GetFromJsonAsync<System.Text.Json.JsonDocument>($"/api/runs/{id}/config.json");
            Assert.Equal(0, config!.RootElement.GetProperty("seed").GetInt32());
            Assert.Equal("demo", config.RootElement.GetProperty("dataset").GetString());
            presets.Add(config.RootElement.GetProperty("preset").GetString()!);
        }
        Assert.Equal(Presets.All, presets);
        await browser.ScreenshotAsync(page, "compare-study-queued");

        // Nothing else needs these runs: stop them so the server shuts down promptly.
        foreach (var id in ids) await server.Http.PostAsync($"/api/runs/{id}/cancel", null);
        Assert.Empty(problems);
    }
}

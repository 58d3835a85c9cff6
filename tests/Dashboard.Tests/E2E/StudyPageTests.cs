using System.Diagnostics;
using System.Text.RegularExpressions;
using MusicDashboard.Core.Storage;
using static Microsoft.Playwright.Assertions;

namespace MusicDashboard.Dashboard.Tests.E2E;

/// <summary>Its own server: a command-line study is stored into its database beside it.</summary>
public sealed class StudyPageServer : DashboardServer;

/// <summary>A study made by <c>musicdash reproduce</c> (one preset, one seed, two epochs, on the server's tiny demo corpus)
/// shows on the dashboard: the Studies list, the Study page with its Table 2 and figures, and the run page with the log the
/// console printed.</summary>
public sealed class StudyPageTests(StudyPageServer server, BrowserFixture browser) : IClassFixture<StudyPageServer>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ACommandLineStudyShowsItsTableFiguresAndItsRunsLog()
    {
        // The server makes the demo corpus; the command line then uses it (same configuration folder, same database).
        await server.WaitForTracksAsync(TimeSpan.FromMinutes(3));
        var outDir = Path.Combine(server.Folder, "out");
        var (code, output) = await ReproduceAsync(outDir);
        Assert.True(code == 0, output);

        int studyId, runId;
        await using (var db = server.OpenDatabase())
        {
            var study = db.Studies.Single();
            studyId = study.Id;
            runId = db.Runs.Single(r => r.StudyId == studyId).Id;
            Assert.Equal(RunState.Completed, study.State);
        }
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(outDir, "table2.json")), await server.Http.GetStringAsync($"/api/studies/{studyId}/table2.json"));

        var (page, problems) = await Pages.OpenAsync(browser, server, "/studies");
        await page.GetByTestId("studies-row").Locator($"a[href='studies/{studyId}']").First.ClickAsync();
        await page.WaitForURLAsync(new Regex($@"/studies/{studyId}$"));
        var table = page.GetByTestId("study-table");
        await Expect(table).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(table.GetByTestId("metrics-row")).ToHaveCountAsync(6); // four baselines, the model by K-Means and by GMM
        await Expect(table.GetByTestId("metrics-row").Nth(5)).ToContainTextAsync("MLP-VAE (Audio) + GMM");
        await Expect(page.GetByTestId("study-verdict")).ToHaveCountAsync(2);
        var figures = page.GetByTestId("study-figure");
        await Expect(figures).ToHaveCountAsync(2);
        foreach (var img in await figures.AllAsync())
        {
            await img.ScrollIntoViewIfNeededAsync();
            await Expect(img).ToHaveJSPropertyAsync("complete", true, new() { Timeout = 30_000 });
            Assert.Equal(800, await img.EvaluateAsync<int>("i => i.naturalWidth")); // drawn by the endpoint, not a broken image
        }
        await Expect(page.GetByTestId("study-run").Locator($"a[href='runs/{runId}']")).ToHaveCountAsync(1);
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await browser.ScreenshotAsync(page, "study");

        // The run's page: its log is what the console printed, and it links back to its study.
        await page.GotoAsync($"/runs/{runId}");
        var log = page.GetByTestId("run-log");
        await Expect(log).ToContainTextAsync($"[run] #{runId} MLP-VAE (Audio)", new() { Timeout = 30_000 });
        await Expect(log).ToContainTextAsync("[train] epoch   2/2");
        await Expect(log).ToContainTextAsync("[cluster] MLP-VAE (Audio) + GMM");
        await Expect(page.GetByTestId("run-study")).ToHaveAttributeAsync("href", $"studies/{studyId}");
        foreach (var chart in new[] { "#loss-chart .main-svg", "#latent-chart .main-svg" })
            await page.Locator(chart).First.WaitForAsync(new() { Timeout = 30_000 });
        await page.WaitForTimeoutAsync(1000); // plotly finishes drawing
        await browser.ScreenshotAsync(page, "run-cli-log");
        Assert.Empty(problems);
    }

    private async Task<(int Code, string Output)> ReproduceAsync(string outDir)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = server.Folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "musicdash.dll"), "reproduce", "--dataset", "demo", "--out", outDir,
                     "--preset", "mlp-vae-audio", "--seed", "0", "--epochs", "2" })
            start.ArgumentList.Add(a);
        start.Environment["MUSICDASH_CONFIG_DIR"] = server.Folder;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
        return (process.ExitCode, await stdout + await stderr);
    }
}

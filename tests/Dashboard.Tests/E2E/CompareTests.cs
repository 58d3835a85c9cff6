using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MusicDashboard.Dashboard.Model;
using MusicDashboard.Dashboard.Services;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MusicDashboard.Dashboard.Tests.E2E;

/// <summary>Its own server: these tests create runs.</summary>
public sealed class CompareServer : DashboardServer;

[CollectionDefinition(Name)]
public sealed class CompareServerCollection : ICollectionFixture<CompareServer>
{
    public const string Name = "compare server";
}

/// <summary>Compare and the loss charts' options in a real browser: overlaid runs, options kept in the address across a
/// reload, log y and smoothing as drawn, runs grouped by configuration with ± std bands, the run page's options.</summary>
[Collection(CompareServerCollection.Name)]
public sealed class CompareTests(CompareServer server, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const int Epochs = 20;

    /// <summary>Legend curves of a plotly chart: its traces other than faint raw curves and band edges.</summary>
    private const string Curves = "id => (document.getElementById(id)?.data ?? []).filter(t => t.showlegend !== false)";

    [Fact]
    public async Task CompareOverlaysRunsKeepsTheViewAcrossAReloadAndGroupsSeedsWithBands()
    {
        await server.WaitForTracksAsync(TimeSpan.FromSeconds(90));
        // Two runs that differ only in seed (and name), and one with another config.
        var a = await StartAsync(new { preset = "mlp-vae-audio", dataset = "demo", epochs = Epochs, seed = 1, name = "seed one" });
        var b = await StartAsync(new { preset = "mlp-vae-audio", dataset = "demo", epochs = Epochs, seed = 2, name = "seed two" });
        var c = await StartAsync(new { preset = "mlp-vae-audio", dataset = "demo", epochs = Epochs + 10, seed = 1, name = "longer" });
        foreach (var id in new[] { a, b, c }) await WaitCompletedAsync(id);

        // Two runs overlaid: one curve each, one colour each.
        var (page, problems) = await Pages.OpenAsync(browser, server, $"/compare?runs={a},{b}");
        await page.WaitForFunctionAsync($"() => ({Curves})('compare-loss').length === 2");
        var names = await page.EvaluateAsync<string[]>($"() => ({Curves})('compare-loss').map(t => t.name)");
        Assert.Equal([$"#{a} seed one", $"#{b} seed two"], names);
        var colours = await page.EvaluateAsync<string[]>($"() => ({Curves})('compare-loss').map(t => t.line.color)");
        Assert.NotEqual(colours[0], colours[1]);
        Assert.Equal("linear", await page.EvaluateAsync<string>("() => document.getElementById('compare-loss').layout.yaxis.type"));
        var raw = await DrawnAsync(page);
        Assert.Equal(Epochs, raw.Length);

        // Log y: the axis becomes logarithmic; the address says so.
        await page.Locator("input[data-testid=chart-logy]").ClickAsync();
        await page.WaitForFunctionAsync("() => document.getElementById('compare-loss')?.layout?.yaxis?.type === 'log'");
        await page.WaitForURLAsync(u => u.Contains("logy=1"));

        // Smoothing: the drawn values become TensorBoard's debiased EMA of the raw ones (the first point stays put), and
        // the raw curve is drawn faint behind.
        await page.Locator("input[data-testid=chart-smoothing]").FillAsync("0.9");
        await page.WaitForURLAsync(u => u.Contains("smooth=0.9"));
        // The chart is re-plotted whole when an option changes: wait for drawn curves that differ, not for a moment without any.
        await page.WaitForFunctionAsync($"() => (c => c.length === 2 && c[0].y?.length === {Epochs} && c[0].y[5] !== {raw[5].ToString(System.Globalization.CultureInfo.InvariantCulture)})(({Curves})('compare-loss'))");
        var smoothed = await DrawnAsync(page);
        var expected = DebiasedEma.Smooth(raw, 0.9);
        for (var i = 0; i < Epochs; i++) Assert.Equal(expected[i], smoothed[i], 6);
        Assert.NotEqual(raw[^1], smoothed[^1], 6);
        Assert.Equal(0.25, await page.EvaluateAsync<double>("() => document.getElementById('compare-loss').data.find(t => t.name.endsWith('(raw)')).opacity"));

        // A reload shows the same view: the runs, log y, the smoothing.
        var url = page.Url;
        output.WriteLine($"shared view: {url}");
        await page.ReloadAsync();
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await page.WaitForFunctionAsync($"() => ({Curves})('compare-loss')?.length === 2");
        Assert.Equal(url, page.Url);
        Assert.Equal("log", await page.EvaluateAsync<string>("() => document.getElementById('compare-loss').layout.yaxis.type"));
        Assert.Equal(expected[^1], (await DrawnAsync(page))[^1], 6);
        await Expect(page.Locator("input[data-testid=chart-smoothing]")).ToHaveValueAsync("0.9");
        await Expect(page.GetByTestId("compare-runs")).ToHaveValueAsync($"#{a}, #{b}");

        // Grouped by configuration: the two seeds become one mean curve with a ± std band, the other run stays alone;
        // the table shows mean ± std.
        await page.GotoAsync($"/compare?runs={a},{b},{c}&smooth=0.6");
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await page.WaitForFunctionAsync($"() => ({Curves})('compare-loss')?.length === 3");
        await page.Locator("input[data-testid=compare-group]").ClickAsync();
        await page.WaitForFunctionAsync($"() => ({Curves})('compare-loss')?.length === 2");
        await page.WaitForURLAsync(u => u.Contains("group=config"));
        var grouped = await page.EvaluateAsync<string[]>($"() => ({Curves})('compare-loss').map(t => t.name)");
        Assert.Equal([$"#{a}, #{b} (2 seeds): mean ± std", $"#{c} longer"], grouped);
        Assert.Equal(1, await page.EvaluateAsync<int>("() => document.getElementById('compare-loss').data.filter(t => t.fill === 'tonexty').length"));
        await Expect(page.GetByTestId("metrics-row").First).ToContainTextAsync("±");
        await Expect(page.GetByTestId("metrics-row").First).ToContainTextAsync($"#{a}, #{b} (2 seeds)");
        Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('compare-nmi').data.some(t => t.error_x?.array?.length > 0)"));
        await page.WaitForTimeoutAsync(800); // plotly's bar charts draw after the first render
        await browser.ScreenshotAsync(page, "compare-grouped");
        await page.ReloadAsync();
        await page.Locator("[data-interactive=true]").WaitForAsync();
        await page.WaitForFunctionAsync($"() => ({Curves})('compare-loss')?.length === 2");
        Assert.Empty(problems);
    }

    [Fact]
    public async Task TheRunPageDrawsItsLossChartAsItsAddressAsks()
    {
        await server.WaitForTracksAsync(TimeSpan.FromSeconds(90));
        var id = await StartAsync(new { preset = "mlp-vae-audio", dataset = "demo", epochs = Epochs, seed = 3, name = "options" });
        await WaitCompletedAsync(id);
        var (page, problems) = await Pages.OpenAsync(browser, server, $"/runs/{id}?logy=1&smooth=0.6&x=wall");
        try { await page.WaitForFunctionAsync($"() => document.getElementById('loss-chart')?.data?.[3]?.y?.length === {Epochs}"); }
        catch (TimeoutException) { Assert.Fail($"loss chart not drawn: {string.Join(" | ", problems)}; data: {await page.EvaluateAsync<string>("() => JSON.stringify({ loss: !!document.getElementById('loss-chart'), plots: document.querySelectorAll('.js-plotly-plot').length, latent: document.getElementById('latent-chart')?.data?.[0]?.x?.length, plotly: typeof window.Plotly, reconnect: document.getElementById('components-reconnect-modal')?.className })")}\n{server.LogTail()}"); }
        Assert.Equal("log", await page.EvaluateAsync<string>("() => document.getElementById('loss-chart').layout.yaxis.type"));
        Assert.Equal("training time (s)", await page.EvaluateAsync<string>("() => document.getElementById('loss-chart').layout.xaxis.title.text"));
        var raw = await page.EvaluateAsync<double[]>("() => document.getElementById('loss-chart').data[0].y");
        var drawn = await page.EvaluateAsync<double[]>("() => document.getElementById('loss-chart').data[3].y");
        var expected = DebiasedEma.Smooth(raw, 0.6);
        for (var i = 0; i < Epochs; i++) Assert.Equal(expected[i], drawn[i], 6);
        Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('loss-chart')._fullData[0].visible === true"));
        var x = await page.EvaluateAsync<double[]>("() => document.getElementById('loss-chart').data[3].x");
        Assert.True(x.Zip(x.Skip(1)).All(p => p.Second > p.First) && x[0] > 0, "x is the growing training time");
        await Expect(page.GetByTestId("loss-caption")).ToContainTextAsync("debiased EMA, weight 0.6");

        // Switching smoothing off from the toolbar draws the raw values and updates the address.
        await page.Locator("input[data-testid=chart-smoothing]").FillAsync("0");
        await page.WaitForURLAsync(u => !u.Contains("smooth="));
        await page.WaitForFunctionAsync("() => { const el = document.getElementById('loss-chart'); const d = el?.data; return !!d && d.length === 6 && el._fullData?.[0]?.visible === false && d[3].y?.[5] === d[0].y?.[5]; }");
        await page.Locator("input[data-testid=chart-smoothing]").FillAsync("0.6");
        await page.WaitForURLAsync(u => u.Contains("smooth=0.6"));
        await page.WaitForFunctionAsync("() => document.getElementById('loss-chart')?._fullData?.[0]?.visible === true");
        await page.WaitForTimeoutAsync(500);
        await browser.ScreenshotAsync(page, "run-chart-options");
        Assert.Empty(problems);
    }

    private async Task<int> StartAsync(object request)
    {
        using var response = await server.Http.PostAsJsonAsync("/api/runs", request);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private async Task WaitCompletedAsync(int id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(300);
        while (true)
        {
            var run = await server.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}");
            var state = run.GetProperty("state").GetString()!;
            if (RunStates.IsFinished(state))
            {
                Assert.True(state == "completed", $"run {id} ended {state}: {run}\n{server.LogTail()}");
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"run {id} still {state}\n{server.LogTail()}");
            await Task.Delay(250);
        }
    }

    /// <summary>The y values of Compare's first loss curve.</summary>
    private static Task<double[]> DrawnAsync(IPage page) => page.EvaluateAsync<double[]>($"() => ({Curves})('compare-loss')[0].y");
}

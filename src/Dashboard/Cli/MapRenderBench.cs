using System.Diagnostics;
using Microsoft.Playwright;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>
/// The map's first render at a given size in Chromium: seed a synthetic run of <c>points</c> tracks into the server's
/// database (<see cref="MusicDashboard.Dashboard.Model.MapSyntheticRun"/>), open <c>/map?run=</c> in a fresh page and time it. Used by
/// <c>bench dashboard</c> and the map's browser test.
/// </summary>
public static class MapRenderBench
{
    /// <summary>What one first render cost.</summary>
    /// <param name="PageToDrawnMs">From navigation start to the map's first painted frame (the server's query, the
    /// projection when not cached, the transfer and the drawing).</param>
    /// <param name="DrawMs">The browser's share: loading Plotly when not loaded yet, Plotly.react of every trace and
    /// the next painted frames (<paramref name="LoadPlotlyMs"/> + <paramref name="ReactMs"/> + <paramref name="FrameMs"/>).</param>
    public sealed record Result(int Points, double PageToDrawnMs, double DrawMs, double WallMs, double LoadPlotlyMs, double ReactMs, double FrameMs);

    public static async Task<Result> MeasureAsync(IBrowser browser, Uri baseAddress, int runId, int points, string projection = "pca")
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 }, BaseURL = baseAddress.ToString() });
        try
        {
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(120_000);
            var clock = Stopwatch.StartNew();
            await page.GotoAsync($"/map?run={runId}&projection={projection}", new() { Timeout = 120_000 });
            await page.WaitForFunctionAsync($"() => window.__mapRender && window.__mapRender.points === {points}", null, new() { Timeout = 300_000 });
            var wall = clock.Elapsed.TotalMilliseconds;
            var r = await page.EvaluateAsync<double[]>("() => { const m = window.__mapRender; return [m.at, m.ms, m.loadMs, m.reactMs, m.frameMs]; }");
            return new Result(points, r[0], r[1], wall, r[2], r[3], r[4]);
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Hosting;
using MusicDashboard.Dashboard.Model;
using MusicDashboard.Dashboard.Hubs;
using MusicDashboard.Dashboard.Services;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>
/// <c>bench dashboard</c>: the live path's figures on a real server (Kestrel on a free localhost port, its own temporary
/// data folder with a small demo corpus): the latency from an epoch being published on the server to a SignalR client
/// receiving it, how much 5 watching clients slow training down (median epoch time with and without them), and in
/// headless Chromium (<see cref="BrowserProbe"/>) the time from an epoch being published to its point being drawn on the
/// run page's loss chart.
/// </summary>
public static class BenchDashboard
{
    private const int Watchers = 5;

    public static IReadOnlyList<VerbOption> Options { get; } =
    [
        new("map-points", "N", "dashboard: tracks of the synthetic run whose map's first render is timed (default 10000)"),
        new("chromium", "path|none", $"dashboard: the Chromium that draws the run page (default {BrowserProbe.DefaultChromium}); none skips the browser figure"),
        new("browser-epochs", "N", "dashboard: epochs of the run watched in the browser (default 60)"),
    ];

    /// <summary>Runs before the page's scripts: at every animation frame, when the loss chart holds more points than
    /// before, records (points, wall-clock ms). Plotly extends the chart's SVG synchronously, so a point counted at a
    /// frame is in the page's drawing at that frame.</summary>
    private const string LossProbe = """
        window.__drawn = [];
        (function tick() {
            const chart = document.getElementById('loss-chart');
            const n = chart && chart.data && chart.data[0] && chart.data[0].x ? chart.data[0].x.length : 0;
            const a = window.__drawn;
            if (n > (a.length ? a[a.length - 1][0] : 0)) a.push([n, performance.timeOrigin + performance.now()]);
            requestAnimationFrame(tick);
        })();
        """;

    public static async Task<int> RunAsync(ParsedArgs a, CancellationToken ct)
    {
        var epochs = 200;
        var repeats = a.GetInt("repeats", 3, 1, 20);
        var folder = Path.Combine(Path.GetTempPath(), "musicdash-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"), JsonSerializer.Serialize(new
        {
            MusicDashboard = new { DataFolder = Path.Combine(folder, "data"), Database = Path.Combine(folder, "data", "bench.db"), DatasetPath = "", Demo = new { TracksPerGenre = 2, Seed = 7 } },
            Logging = new { LogLevel = new Dictionary<string, string> { ["Default"] = "Warning" } },
        }), ct);
        var previous = Environment.GetEnvironmentVariable(AppConfiguration.ConfigFolderVariable);
        Environment.SetEnvironmentVariable(AppConfiguration.ConfigFolderVariable, folder);
        await using var app = DashboardHost.Build(["--urls", "http://127.0.0.1:0"]);
        try
        {
            await app.StartAsync(ct);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var collection = app.Services.GetRequiredService<CollectionService>();
            var queue = app.Services.GetRequiredService<RunQueue>();
            var broker = app.Services.GetRequiredService<RunBroker>();
            Console.WriteLine($"[bench] dashboard at {address}; demo corpus of 20 tracks (60 clips), MLP-VAE, {epochs} epochs per run, median of {repeats} run(s) per figure; {Environment.ProcessorCount} cores");
            while (collection.Status.Phase is not (CollectionPhase.Ready or CollectionPhase.Failed)) await Task.Delay(200, ct);
            if (collection.Status.Phase == CollectionPhase.Failed) { Console.Error.WriteLine($"error: {collection.Status.Message}"); return 1; }

            // Warm-up: TorchSharp's first use, JIT, the first feature extraction.
            await RunAsync(queue, broker, 5, ct);

            var alone = new List<double>();
            var watched = new List<double>();
            var latencies = new ConcurrentBag<double>();
            for (var r = 0; r < repeats; r++)
            {
                alone.Add(Median(await RunAsync(queue, broker, epochs, ct)));
                watched.Add(Median(await WatchedRunAsync(address, queue, broker, epochs, latencies, ct)));
            }
            var a0 = Median(alone) * 1000;
            var a5 = Median(watched) * 1000;
            Console.WriteLine($"[bench] epoch published -> SignalR client received: median {Median(latencies.ToList()):0.0} ms, 95th percentile {Percentile(latencies.ToList(), 0.95):0.0} ms ({latencies.Count} deliveries to {Watchers} clients)");
            Console.WriteLine($"[bench] median epoch time: {a0:0.00} ms without watchers, {a5:0.00} ms with {Watchers} watching clients: slowdown {(a5 / a0 - 1) * 100:+0.0;-0.0} %");
            await BrowserAsync(a, address, queue, broker, app.Services.GetRequiredService<DbContextOptions<MusicDbContext>>(), ct);
            return 0;
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            Environment.SetEnvironmentVariable(AppConfiguration.ConfigFolderVariable, previous);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// The browser's figure: a run watched on its page in headless Chromium; for each epoch the time from the server
    /// publishing it (<see cref="EpochCompletedEvent.PublishedAtMs"/>, the system clock) to the frame at which the page's
    /// loss chart held its point (the page's <c>performance.timeOrigin + performance.now()</c>, the same system clock:
    /// server and browser run on this machine). Epochs already in the page's first snapshot are left out.
    /// </summary>
    private static async Task BrowserAsync(ParsedArgs a, string address, RunQueue queue, RunBroker broker, DbContextOptions<MusicDbContext> db, CancellationToken ct)
    {
        var chromium = a.Get("chromium") is { Length: > 0 } c ? c : BrowserProbe.DefaultChromium;
        if (chromium == "none") { Console.WriteLine("[bench] browser figure skipped (--chromium none)"); return; }
        if (!File.Exists(chromium)) { Console.WriteLine($"[bench] browser figure not measured: no Chromium at {chromium} (apt-get install chromium, or --chromium PATH)"); return; }
        var epochs = a.GetInt("browser-epochs", 60, 5, 5000);
        await using var browser = await BrowserProbe.LaunchAsync(chromium);
        // A run waits in the queue behind a blocker while the page opens, so the page sees every epoch arrive live.
        var blocker = await StartAsync(queue, 40, ct);
        var id = await StartAsync(queue, epochs, ct);
        var published = new Dictionary<int, long>();
        var loadBefore = LoadAverage.Text;
        var page = await browser.OpenAsync($"{address.TrimEnd('/')}/runs/{id}", LossProbe, ct);
        try
        {
            using (var sub = await broker.SubscribeAsync(id, ct) ?? throw new InvalidOperationException($"run {id} vanished"))
            {
                foreach (var e in sub.Snapshot.EpochList) published[e.Epoch] = e.PublishedAtMs;
                await foreach (var e in sub.Events.ReadAllAsync(ct))
                    if (e is EpochCompletedEvent ep) published[ep.Epoch] = ep.PublishedAtMs;
            }
            // The last points reach the page after the run's end event: give the page a moment to draw them.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await BrowserProbe.ReadAsync<int>(page, "() => document.getElementById('loss-chart')?.data?.[0]?.x?.length ?? 0") < epochs && DateTime.UtcNow < deadline)
                await Task.Delay(100, ct);
            var drawn = await BrowserProbe.ReadAsync<double[][]>(page, "() => window.__drawn");
            var firstLive = drawn.Length > 0 && drawn[0][0] > 1 ? (int)drawn[0][0] + 1 : 1; // epochs drawn from the snapshot are not live
            var latencies = new List<double>();
            for (var epoch = firstLive; epoch <= epochs; epoch++)
            {
                var frame = drawn.FirstOrDefault(d => d[0] >= epoch);
                if (frame is null || !published.TryGetValue(epoch, out var at) || at == 0) continue;
                latencies.Add(frame[1] - at);
            }
            var loadAfter = LoadAverage.Text;
            Console.WriteLine($"[bench] epoch published -> point drawn on the run page in headless Chromium: median {Median(latencies):0.0} ms, 95th percentile {Percentile(latencies, 0.95):0.0} ms " +
                $"({latencies.Count} epochs of run #{id}; load average {loadBefore} before, {loadAfter} after; no peer: TensorBoard and W&B publish no such figure)");
            Console.WriteLine($"[bench] (the page applies events in batches of at most one render per 50 ms; run #{blocker} ran first so the page was open before the first epoch)");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
        await MapAsync(a, address, browser, db, ct);
    }

    /// <summary>
    /// The map's first render at <c>--map-points</c> tracks (10 000 by default): a synthetic completed run seeded into the
    /// bench's database, its map opened twice in fresh pages, the first time computing and caching the PCA projection,
    /// the second reading it from the cache. No peer: the music-map tools publish no such figure.
    /// </summary>
    private static async Task MapAsync(ParsedArgs a, string address, BrowserProbe browser, DbContextOptions<MusicDbContext> db, CancellationToken ct)
    {
        var points = a.GetInt("map-points", 10_000, 100, 200_000);
        var runId = await MapSyntheticRun.SeedAsync(db, points, ct: ct);
        var load = LoadAverage.Text;
        foreach (var label in new[] { "first view (projection computed)", "second view (projection cached)" })
        {
            var r = await MapRenderBench.MeasureAsync(browser.Browser, new Uri(address), runId, points);
            Console.WriteLine($"[bench] map of {r.Points} points, {label}: navigation to drawn map {r.PageToDrawnMs:0} ms; in the browser " +
                $"{r.DrawMs:0} ms (loading Plotly {r.LoadPlotlyMs:0}, Plotly.react {r.ReactMs:0}, first frames {r.FrameMs:0}); load average {load} before");
        }
    }

    /// <summary>One run with no watcher; returns its epochs' seconds.</summary>
    private static async Task<List<double>> RunAsync(RunQueue queue, RunBroker broker, int epochs, CancellationToken ct)
    {
        var id = await StartAsync(queue, epochs, ct);
        return await EpochSecondsAsync(broker, id, ct);
    }

    private static async Task<List<double>> WatchedRunAsync(string address, RunQueue queue, RunBroker broker, int epochs, ConcurrentBag<double> latencies, CancellationToken ct)
    {
        var clients = new List<HubConnection>();
        try
        {
            for (var i = 0; i < Watchers; i++)
            {
                var hub = new HubConnectionBuilder().WithUrl(address.TrimEnd('/') + TrainingHub.Path).Build();
                hub.On<EpochCompletedEvent>("EpochCompleted", e =>
                    latencies.Add(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - e.PublishedAtMs));
                await hub.StartAsync(ct);
                clients.Add(hub);
            }
            var id = await StartAsync(queue, epochs, ct);
            foreach (var c in clients) await c.InvokeAsync<RunSnapshot>("SubscribeRun", id, ct);
            return await EpochSecondsAsync(broker, id, ct);
        }
        finally
        {
            foreach (var c in clients) await c.DisposeAsync();
        }
    }

    private static async Task<int> StartAsync(RunQueue queue, int epochs, CancellationToken ct)
    {
        var config = Presets.MlpVaeAudioConfig("demo", 0) with { Name = "bench", Vae = Presets.MlpVaeAudioConfig("demo", 0).Vae with { Epochs = epochs } };
        var result = await queue.EnqueueAsync(config, ct);
        return result.RunId ?? throw new InvalidOperationException(RunRequest.Describe(result.Problems));
    }

    private static async Task<List<double>> EpochSecondsAsync(RunBroker broker, int id, CancellationToken ct)
    {
        using var sub = await broker.SubscribeAsync(id, ct) ?? throw new InvalidOperationException($"run {id} vanished");
        var seconds = sub.Snapshot.EpochList.Select(e => e.Seconds).ToList();
        string? state = sub.Snapshot.State;
        await foreach (var e in sub.Events.ReadAllAsync(ct))
        {
            if (e is EpochCompletedEvent ep) seconds.Add(ep.Seconds);
            if (e is RunStateChangedEvent s) state = s.State;
        }
        if (state != "completed") throw new InvalidOperationException($"bench run {id} ended {state}");
        return seconds;
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
    }
}

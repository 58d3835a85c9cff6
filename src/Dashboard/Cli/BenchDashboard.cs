using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR.Client;
using MusicDashboard.Dashboard.Hosting;
using MusicDashboard.Dashboard.Hubs;
using MusicDashboard.Dashboard.Services;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>
/// <c>bench dashboard</c>: the live path's figures on a real server (Kestrel on a free localhost port, its own temporary
/// data folder with a small demo corpus): the latency from an epoch being published on the server to a SignalR client
/// receiving it, and how much 5 watching clients slow training down (median epoch time with and without them). The
/// browser's share (drawing the point, a 10 000-point WebGL scatter) needs a browser driver and is not measured here.
/// </summary>
public static class BenchDashboard
{
    private const int Watchers = 5;

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
            Console.WriteLine("[bench] not measured here: drawing in the browser and the 10 000-point WebGL scatter (they need a browser driver)");
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

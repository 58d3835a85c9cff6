using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using MusicDashboard.Core.Datasets;
using MusicDashboard.Core.Demo;
using MusicDashboard.Core.Features;
using MusicDashboard.Core.Runtime;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>
/// <c>musicdash bench scaleout</c>: features per second and runs per hour through the scale-out path (a dashboard,
/// PostgreSQL, Redis, Hangfire) with 1 and then 2 workers, beside the same work done by one process alone (the embedded
/// dashboard for the runs, one in-process extraction for the features: the peer, at its best settings). PostgreSQL and
/// Redis are throwaway servers from Debian's binaries; each configuration starts on a fresh database and data folder, so
/// every feature figure is a cold cache. Printed, never asserted: medians are not possible here (one pass each), so the
/// load average before and after is printed with them.
/// </summary>
public static class BenchScaleOut
{
    public static IReadOnlyList<VerbOption> Options { get; } =
    [
        new("tracks-per-genre", "N", "scaleout: demo corpus tracks per genre (default 6: 60 tracks of 30 s)"),
        new("runs", "N", "scaleout: runs queued at once (default 6)"),
        new("run-epochs", "N", "scaleout: epochs of each run (default 40)"),
        new("workers", "N,N,...", "scaleout: worker counts to measure (default 1,2)"),
    ];

    private sealed record Row(string Setup, double TracksPerSecond, double RunsPerHour, string Note);

    public static async Task<int> RunAsync(ParsedArgs a, CancellationToken ct)
    {
        var tracksPerGenre = a.GetInt("tracks-per-genre", 6, 1, 100);
        var runs = a.GetInt("runs", 6, 1, 1000);
        var epochs = a.GetInt("run-epochs", 40, 1, 100_000);
        var counts = (a.Get("workers") ?? "1,2").Split(',').Select(s => int.TryParse(s, out var n) && n is >= 1 and <= 16 ? n
            : throw new UsageException($"bench scaleout: bad worker count '{s}' (1..16)")).ToArray();
        var root = Directory.CreateTempSubdirectory("musicdash-scaleout-").FullName;
        try
        {
            var corpus = Path.Combine(root, "corpus");
            var demo = new DemoCorpusOptions(TracksPerGenre: tracksPerGenre, Seed: 11);
            DemoCorpus.Generate(corpus, demo, null, ct);
            var tracks = DatasetScanner.Scan(corpus).Files.Count;
            // Every side first extracts a small collection of its own, untimed: the figures are those of warm processes
            // (a worker lives for days; its first shard pays the JIT and libtorch's start).
            var warmup = Path.Combine(root, "warmup");
            DemoCorpus.Generate(warmup, new DemoCorpusOptions(TracksPerGenre: 1, Seed: 12), null, ct);
            Console.WriteLine($"bench scaleout: {tracks} tracks of 30 s (synthetic demo corpus), {runs} runs of {Presets.MlpVaeAudio} x {epochs} epochs; " +
                $"{Environment.ProcessorCount} cores, load average {LoadAverage.Text} before");
            await using var postgres = await LocalPostgres.StartAsync();
            using var redis = new LocalRedis();
            var rows = new List<Row> { await OneProcessAsync(root, corpus, warmup, tracks, runs, epochs, ct) };
            foreach (var n in counts) rows.Add(await WorkersAsync(root, corpus, warmup, tracks, runs, epochs, n, postgres, redis, ct));
            Print(rows);
            Console.WriteLine($"load average {LoadAverage.Text} after");
            return 0;
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static void Print(IReadOnlyList<Row> rows)
    {
        var alone = rows[0];
        Console.WriteLine();
        Console.WriteLine($"{"setup",-34} {"tracks/s",9} {"x alone",8} {"runs/h",8} {"x alone",8}  note");
        foreach (var r in rows)
            Console.WriteLine($"{r.Setup,-34} {r.TracksPerSecond,9:0.00} {r.TracksPerSecond / alone.TracksPerSecond,8:0.00} {r.RunsPerHour,8:0} {r.RunsPerHour / alone.RunsPerHour,8:0.00}  {r.Note}");
    }

    /// <summary>The peer: the features of the collection extracted in this process (all cores), and the runs executed by an
    /// embedded dashboard (SQLite, its own queue, one run at a time: the default, and the fastest on 2 cores).</summary>
    private static async Task<Row> OneProcessAsync(string root, string corpus, string warmup, int tracks, int runs, int epochs, CancellationToken ct)
    {
        var config = Presets.ByName(Presets.MlpVaeAudio, corpus, 0);
        CollectionFeatures.ExtractSet(DatasetScanner.Scan(warmup), config.Clips, RunPipeline.ClipFeatures(config), null, null, ct, Path.Combine(root, "warmup-cache"));
        var folder = Path.Combine(root, "alone");
        var data = Path.Combine(folder, "data");
        // Into the embedded dashboard's own cache: its runs then start warm, as the workers' runs do after their shards.
        var cache = Path.Combine(data, "feature-cache");
        var clock = Stopwatch.StartNew();
        CollectionFeatures.ExtractSet(DatasetScanner.Scan(corpus), config.Clips, RunPipeline.ClipFeatures(config), null, null, ct, cache);
        var tracksPerSecond = tracks / clock.Elapsed.TotalSeconds;
        await WriteSettingsAsync(folder, new { DataFolder = data, Database = Path.Combine(data, "musicdash.db"), DatasetPath = corpus }, ct);
        var address = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/");
        await using var dashboard = SelfProcess.Start(folder, ["--urls", address.ToString().TrimEnd('/')], "dashboard");
        using var http = await ReadyAsync(address, dashboard, ct);
        var runsPerHour = await RunsPerHourAsync(http, corpus, runs, epochs, ct);
        return new Row("one process (embedded dashboard)", tracksPerSecond, runsPerHour, $"features: one in-process pass, {TorchRuntime.Threads} thread(s)");
    }

    private static async Task<Row> WorkersAsync(string root, string corpus, string warmup, int tracks, int runs, int epochs, int workers,
        LocalPostgres postgres, LocalRedis redis, CancellationToken ct)
    {
        var folder = Path.Combine(root, $"workers-{workers}");
        var database = await postgres.CreateDatabaseAsync($"bench_{workers}");
        var threads = Math.Max(1, Environment.ProcessorCount / workers);
        await WriteSettingsAsync(folder, new
        {
            DataFolder = Path.Combine(folder, "data"), DatabaseProvider = "postgresql", Database = database, DatasetPath = corpus,
            DatasetRoots = new[] { warmup },
            ScaleOut = new { Enabled = true, Redis = redis.Configuration, TracksPerShard },
        }, ct);
        var address = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/");
        await using var dashboard = SelfProcess.Start(folder, ["--urls", address.ToString().TrimEnd('/')], "dashboard");
        using var http = await ReadyAsync(address, dashboard, ct);
        var processes = Enumerable.Range(1, workers).Select(i => SelfProcess.Start(folder, ["worker", "--name", $"bench-{i}"], $"worker {i}",
            new Dictionary<string, string> { ["MusicDashboard__Threads"] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ToList();
        try
        {
            await WaitForWorkersAsync(http, workers, ct);
            await ExtractAsync(http, warmup, ct);
            var clock = Stopwatch.StartNew();
            await ExtractAsync(http, corpus, ct);
            var tracksPerSecond = tracks / clock.Elapsed.TotalSeconds;
            var runsPerHour = await RunsPerHourAsync(http, corpus, runs, epochs, ct);
            return new Row($"{workers} worker(s) + dashboard", tracksPerSecond, runsPerHour, $"{threads} thread(s) per worker, one job at a time each");
        }
        finally
        {
            foreach (var p in processes) await p.DisposeAsync();
        }
    }

    /// <summary>Tracks per shard: small enough that every worker gets shards of the small warm-up collection too.</summary>
    private const int TracksPerShard = 4;

    private static async Task ExtractAsync(HttpClient http, string dataset, CancellationToken ct)
    {
        using var started = await http.PostAsJsonAsync("/api/features", new { dataset, preset = Presets.MlpVaeAudio }, ct);
        if (!started.IsSuccessStatusCode) throw new InvalidOperationException($"feature extraction refused: {await started.Content.ReadAsStringAsync(ct)}");
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetInt32();
        while (true)
        {
            var status = await http.GetFromJsonAsync<JsonElement>($"/api/features/{id}", ct);
            var state = status.GetProperty("state").GetString();
            if (state == "completed") return;
            if (state == "failed") throw new InvalidOperationException($"feature extraction failed: {status}");
            await Task.Delay(100, ct);
        }
    }

    /// <summary>Queues the runs at once and waits for them all: runs per hour from the first request to the last end.</summary>
    private static async Task<double> RunsPerHourAsync(HttpClient http, string corpus, int runs, int epochs, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var ids = new List<int>();
        for (var seed = 0; seed < runs; seed++)
        {
            using var created = await http.PostAsJsonAsync("/api/runs", new { preset = Presets.MlpVaeAudio, dataset = corpus, epochs, seed }, ct);
            if (!created.IsSuccessStatusCode) throw new InvalidOperationException($"run refused: {await created.Content.ReadAsStringAsync(ct)}");
            ids.Add((await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetInt32());
        }
        foreach (var id in ids)
        {
            while (true)
            {
                var state = (await http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}", ct)).GetProperty("state").GetString();
                if (state == "completed") break;
                if (state is "failed" or "cancelled" or "interrupted") throw new InvalidOperationException($"run {id} ended {state}");
                await Task.Delay(200, ct);
            }
        }
        return runs / clock.Elapsed.TotalHours;
    }

    private static Task WriteSettingsAsync(string folder, object musicDashboard, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        return File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"), JsonSerializer.Serialize(new
        {
            MusicDashboard = musicDashboard,
            Logging = new { LogLevel = new Dictionary<string, string> { ["Default"] = "Warning" } },
        }), ct);
    }

    private static async Task<HttpClient> ReadyAsync(Uri address, SelfProcess dashboard, CancellationToken ct)
    {
        var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            if (dashboard.HasExited) throw new InvalidOperationException($"the dashboard exited with code {dashboard.ExitCode}");
            try
            {
                using var response = await http.GetAsync("/api/runs", ct);
                if (response.IsSuccessStatusCode) return http;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the dashboard at {address} did not answer within 3 minutes");
            await Task.Delay(250, ct);
        }
    }

    private static async Task WaitForWorkersAsync(HttpClient http, int count, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while ((await http.GetFromJsonAsync<JsonElement>("/api/workers", ct)).GetArrayLength() < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"fewer than {count} workers were up within 3 minutes");
            await Task.Delay(250, ct);
        }
    }
}

using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using MusicDashboard.Dashboard.Hosting;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>
/// <c>bench load</c>: <see cref="LoadDriver"/> against a dashboard, by default one it starts itself as a child process (this
/// executable, on a free loopback port, a temporary data folder, the demo corpus at 2 tracks per genre) so that the memory
/// sampled is the server's alone; with <c>--url</c> against a running one (no memory figure then). Prints throughput,
/// latency percentiles, statuses and errors, whether every watcher got every epoch in order, the training slowdown and the
/// server's resident memory once a second. No peer: TensorBoard and W&amp;B publish no such figure.
/// </summary>
public static class BenchLoad
{
    public static IReadOnlyList<VerbOption> Options { get; } =
    [
        new("url", "URL", "load: a running dashboard to load (default: start one on loopback with a temporary data folder)"),
        new("pages", "N", "load: page loads (GETs of the pages and the API; default 200)"),
        new("watchers", "N", "load: SignalR clients watching the run (default 50)"),
        new("concurrency", "N", "load: page loads in flight at once (default 16)"),
        new("load-epochs", "N", "load: epochs of the run trained under load, and alone before it (default 60)"),
    ];

    public static async Task<int> RunAsync(ParsedArgs a, CancellationToken ct)
    {
        var options = new LoadOptions(a.GetInt("pages", 200, 1, 1_000_000), a.GetInt("watchers", 50, 0, 10_000),
            a.GetInt("concurrency", 16, 1, 1000), a.GetInt("load-epochs", 60, 2, 100_000));
        ChildServer? child = null;
        try
        {
            Uri address;
            if (a.Get("url") is { } url)
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var given) || given.Scheme is not ("http" or "https"))
                    throw new UsageException($"bench: --url must be an http(s) address, got '{url}'");
                address = given;
            }
            else
            {
                child = await ChildServer.StartAsync(ct);
                address = child.Address;
            }
            Console.WriteLine($"[bench] load: dashboard at {address} ({(child is null ? "given by --url: no memory figure" : $"started by the bench, pid {child.Pid}, demo corpus of 20 tracks")}); " +
                $"MLP-VAE run of {options.Epochs} epochs; {options.Pages} page loads, {options.Concurrency} at a time; {options.Watchers} SignalR watchers; " +
                $"load average {LoadAverage.Text} on {Environment.ProcessorCount} cores");
            var report = await new LoadDriver(address, options, child?.Pid, m => Console.WriteLine($"[bench] {m}")).RunAsync(ct);
            Print(report, options);
            return report.ServerErrors == 0 && report.Errors.Count == 0 && report.CompleteWatchers == options.Watchers && report.FinalState == "completed" ? 0 : 1;
        }
        finally
        {
            if (child is not null) await child.DisposeAsync();
        }
    }

    public static void Print(LoadReport r, LoadOptions options)
    {
        Console.WriteLine($"[bench] page loads: {r.PageLoads} in {r.PageSeconds:0.00} s = {r.PageLoads / r.PageSeconds:0.0} req/s; latency p50 {r.Percentile(0.5):0} ms, p95 {r.Percentile(0.95):0} ms, " +
            $"max {r.Percentile(1):0} ms; statuses {string.Join(", ", r.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}; errors {r.Errors.Count} (5xx: {r.ServerErrors})");
        foreach (var e in r.Errors.Take(5)) Console.WriteLine($"[bench]   {e}");
        var live = r.WatcherLiveEvents.Sum();
        Console.WriteLine($"[bench] watchers: {r.CompleteWatchers} of {r.WatcherEpochs.Count} saw every epoch 1..{r.EpochsPublished} once and in order; " +
            $"epoch events received live {live} + from snapshots {r.WatcherEpochs.Sum(e => e.Count) - live} = {r.WatcherEpochs.Sum(e => e.Count)} of {r.EpochsPublished * r.WatcherEpochs.Count} published to them; run #{r.RunId} {r.FinalState}");
        if (r.AloneEpochMs is { } before && r.LoadedEpochMs is { } loaded)
        {
            var alone = r.AloneAfterEpochMs is { } after ? (before + after) / 2 : before;
            Console.WriteLine($"[bench] training: median epoch {before:0.0} ms alone before, {(r.AloneAfterEpochMs is { } a2 ? $"{a2:0.0} ms alone after, " : "")}" +
                $"{loaded:0.0} ms while the page loads ran: slowdown {(loaded / alone - 1) * 100:+0;-0} % against the mean of the alone figures " +
                "(other processes on the machine move these; the two alone figures show by how much)");
        }
        else Console.WriteLine($"[bench] training: median epoch {(r.AloneEpochMs is { } x ? $"{x:0.0} ms alone" : "alone not measured")}, " +
            $"{(r.LoadedEpochMs is { } y ? $"{y:0.0} ms under load" : "no epoch ended while the page loads ran (raise --load-epochs or --pages)")}");
        if (r.Memory.Count == 0) return;
        Console.WriteLine("[bench] server resident memory (RSS), sampled every second:");
        Console.WriteLine($"[bench]   {"t (s)",7}  {"phase",-15} {"RSS MB",7}");
        var step = Math.Max(1, r.Memory.Count / 30); // at most ~30 rows, the last always
        for (var i = 0; i < r.Memory.Count; i++)
            if (i % step == 0 || i == r.Memory.Count - 1 || r.Memory[i].Phase != r.Memory[Math.Max(0, i - 1)].Phase)
                Console.WriteLine($"[bench]   {r.Memory[i].Seconds,7:0}  {r.Memory[i].Phase,-15} {r.Memory[i].RssMb,7:0}");
        Console.WriteLine($"[bench] RSS peak {r.Memory.Max(m => m.RssMb):0} MB; {r.Memory.Count} samples; load average {LoadAverage.Text} after");
    }

    /// <summary>This executable started as a dashboard on a free loopback port with its own configuration folder.</summary>
    private sealed class ChildServer : IAsyncDisposable
    {
        private readonly SelfProcess _process;
        private readonly string _folder;

        private ChildServer(SelfProcess process, string folder, Uri address) { _process = process; _folder = folder; Address = address; }

        public Uri Address { get; }
        public int Pid => _process.Pid;

        public static async Task<ChildServer> StartAsync(CancellationToken ct)
        {
            var folder = Directory.CreateTempSubdirectory("musicdash-load-").FullName;
            var data = Path.Combine(folder, "data");
            await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"), JsonSerializer.Serialize(new
            {
                MusicDashboard = new { DataFolder = data, Database = Path.Combine(data, "musicdash.db"), DatasetPath = "", Demo = new { TracksPerGenre = 2, Seed = 7 } },
                Logging = new { LogLevel = new Dictionary<string, string> { ["Default"] = "Warning" } },
            }), ct);
            var address = new Uri($"http://127.0.0.1:{Core.Runtime.LoopbackPort.Free()}/");
            var process = SelfProcess.Start(folder, ["--urls", address.ToString().TrimEnd('/')], "server");
            var server = new ChildServer(process, folder, address);
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (true)
            {
                if (process.HasExited) { await server.DisposeAsync(); throw new InvalidOperationException($"the dashboard exited with code {process.ExitCode} before answering"); }
                try
                {
                    // Ready when the demo corpus is scanned: page loads then show its tracks.
                    var page = await http.GetFromJsonAsync<JsonElement>("/api/tracks?pageSize=1", ct);
                    if (page.GetProperty("total").GetInt32() >= 20) return server;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
                if (DateTime.UtcNow > deadline) { await server.DisposeAsync(); throw new TimeoutException($"the dashboard at {address} had no demo corpus within 3 minutes"); }
                await Task.Delay(500, ct);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _process.DisposeAsync();
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}

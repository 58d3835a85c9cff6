using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using MusicDashboard.Dashboard.Hubs;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>
/// Issue 16's load: against a running dashboard (any address), trains a run while many page loads and SignalR watchers hit
/// the server at once, as a user's browsers would. Everything goes over HTTP and the hub, as a client: runs are started with
/// <c>POST /api/runs</c>, watched by joining their group with <see cref="TrainingHub.SubscribeRun"/> (snapshot, then live
/// events whose seq is above it: the run page's rule), and their epoch times read from the snapshot after the end.
/// With a server process id the resident memory is sampled every second (Linux <c>/proc</c>).
/// </summary>
public sealed class LoadDriver(Uri baseAddress, LoadOptions options, int? serverPid = null, Action<string>? log = null)
{
    private static readonly string[] Terminal = ["completed", "failed", "cancelled", "interrupted"];
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(100) };
    private readonly List<(double, string, double)> _memory = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private volatile string _phase = "idle";

    public async Task<LoadReport> RunAsync(CancellationToken ct)
    {
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sampler = SampleMemoryAsync(sampling.Token);
        try
        {
            double? alone = null;
            if (options.MeasureAlone)
            {
                _phase = "training alone";
                var warm = await StartRunAsync("load-warm-up", Math.Min(5, options.Epochs), ct); // first use of TorchSharp, features
                await WaitForEndAsync(warm, ct);
                var quiet = await StartRunAsync("load-alone", options.Epochs, ct);
                await WaitForEndAsync(quiet, ct);
                alone = Median((await SnapshotAsync(quiet, ct)).EpochList.Select(e => e.Seconds * 1000).ToList());
                log?.Invoke($"run #{quiet} trained alone: median epoch {alone:0.0} ms");
            }

            _phase = "under load";
            var watchers = new List<Watcher>();
            try
            {
                for (var i = 0; i < options.Watchers; i++) watchers.Add(await Watcher.ConnectAsync(new Uri(baseAddress, TrainingHub.Path), ct));
                var id = await StartRunAsync("load-watched", options.Epochs, ct);
                await Task.WhenAll(watchers.Select(w => w.SubscribeAsync(id, ct)));
                log?.Invoke($"run #{id} started, {watchers.Count} watchers subscribed; {options.Pages} page loads, {options.Concurrency} at a time");

                var (latencies, statuses, errors, pageStart, pageEnd) = await PageLoadsAsync(id, ct);
                var state = await WaitForEndAsync(id, ct);
                _phase = "after";
                var snapshot = await SnapshotAsync(id, ct);
                // The end event goes out after the last epoch: a watcher holding it has everything it will get.
                foreach (var w in watchers) await w.WaitForEndAsync(TimeSpan.FromSeconds(30), ct);
                double? aloneAfter = null;
                if (options.MeasureAlone)
                {
                    // Alone again after: on a shared machine the background changes, and the two alone figures show by how much.
                    _phase = "training alone";
                    var quiet = await StartRunAsync("load-alone-after", options.Epochs, ct);
                    await WaitForEndAsync(quiet, ct);
                    aloneAfter = Median((await SnapshotAsync(quiet, ct)).EpochList.Select(e => e.Seconds * 1000).ToList());
                    _phase = "after";
                }
                var during = snapshot.EpochList.Where(e => e.PublishedAtMs >= pageStart && e.PublishedAtMs <= pageEnd).Select(e => e.Seconds * 1000).ToList();
                return new LoadReport(id, latencies.Count, (pageEnd - pageStart) / 1000.0, latencies, statuses, errors, snapshot.EpochList.Count,
                    watchers.Select(w => (IReadOnlyList<int>)w.Epochs.ToList()).ToList(), watchers.Select(w => w.Live).ToList(), state,
                    alone, during.Count == 0 ? null : Median(during), _memory.ToList()) { AloneAfterEpochMs = aloneAfter };
            }
            finally
            {
                foreach (var w in watchers) await w.DisposeAsync();
            }
        }
        finally
        {
            await sampling.CancelAsync();
            try { await sampler; } catch (OperationCanceledException) { }
            _http.Dispose();
        }
    }

    /// <summary>The pages a user opens while a run trains, and the API a script reads, in turn.</summary>
    private static string[] Targets(int runId) => ["/", "/runs", $"/runs/{runId}", "/tracks", "/map", "/api/runs", $"/api/runs/{runId}", "/api/tracks"];

    private async Task<(List<double>, Dictionary<int, int>, List<string>, long, long)> PageLoadsAsync(int runId, CancellationToken ct)
    {
        var targets = Targets(runId);
        var latencies = new ConcurrentBag<double>();
        var statuses = new ConcurrentDictionary<int, int>();
        var errors = new ConcurrentQueue<string>();
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var next = -1;
        async Task Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < options.Pages)
            {
                var url = targets[i % targets.Length];
                var sw = Stopwatch.StartNew();
                try
                {
                    using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseContentRead, ct);
                    latencies.Add(sw.Elapsed.TotalMilliseconds);
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    if ((int)response.StatusCode >= 400) errors.Enqueue($"GET {url}: {(int)response.StatusCode}");
                }
                catch (HttpRequestException e) { errors.Enqueue($"GET {url}: {e.Message}"); }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested) { errors.Enqueue($"GET {url}: no answer within {_http.Timeout.TotalSeconds:0} s"); }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Concurrency)).Select(_ => Task.Run(Worker, ct)));
        return (latencies.ToList(), new Dictionary<int, int>(statuses), errors.ToList(), start, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    private async Task<int> StartRunAsync(string name, int epochs, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync("/api/runs", new { preset = "mlp-vae-audio", epochs, name }, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST /api/runs answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt32();
    }

    private async Task<string> WaitForEndAsync(int id, CancellationToken ct)
    {
        while (true)
        {
            var run = await _http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}", ct);
            var state = run.GetProperty("state").GetString() ?? "";
            if (Terminal.Contains(state))
            {
                if (state != "completed") log?.Invoke($"run #{id} ended {state}: {(run.TryGetProperty("message", out var m) ? m.ToString() : "")}");
                return state;
            }
            await Task.Delay(250, ct);
        }
    }

    private async Task<RunSnapshot> SnapshotAsync(int id, CancellationToken ct)
    {
        await using var hub = new HubConnectionBuilder().WithUrl(new Uri(baseAddress, TrainingHub.Path)).Build();
        await hub.StartAsync(ct);
        return await hub.InvokeAsync<RunSnapshot>(nameof(TrainingHub.SubscribeRun), id, ct);
    }

    private async Task SampleMemoryAsync(CancellationToken ct)
    {
        if (serverPid is not { } pid) return;
        while (!ct.IsCancellationRequested)
        {
            if (ResidentMb(pid) is { } mb) lock (_memory) _memory.Add((_clock.Elapsed.TotalSeconds, _phase, mb));
            await Task.Delay(1000, ct);
        }
    }

    /// <summary>VmRSS of a process from /proc, in MB; null when it cannot be read.</summary>
    public static double? ResidentMb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static double Median(List<double> v) => v.Count == 0 ? double.NaN : v.Order().ElementAt(v.Count / 2);

    /// <summary>One SignalR client watching a run as the run page does.</summary>
    private sealed class Watcher : IAsyncDisposable
    {
        private readonly HubConnection _hub;
        private readonly List<int> _epochs = [];
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _seq = long.MaxValue; // nothing counts before the snapshot
        private readonly List<RunEvent> _early = [];

        private Watcher(HubConnection hub) => _hub = hub;

        public IReadOnlyList<int> Epochs { get { lock (_epochs) return _epochs.ToList(); } }
        public int Live { get; private set; }

        public static async Task<Watcher> ConnectAsync(Uri hubUrl, CancellationToken ct)
        {
            var hub = new HubConnectionBuilder().WithUrl(hubUrl).Build();
            var w = new Watcher(hub);
            hub.On<EpochCompletedEvent>(nameof(ITrainingClient.EpochCompleted), w.On);
            hub.On<RunStateChangedEvent>(nameof(ITrainingClient.RunStateChanged), w.On);
            await hub.StartAsync(ct);
            return w;
        }

        public async Task SubscribeAsync(int id, CancellationToken ct)
        {
            var snapshot = await _hub.InvokeAsync<RunSnapshot>(nameof(TrainingHub.SubscribeRun), id, ct);
            lock (_epochs)
            {
                _epochs.AddRange(snapshot.EpochList.Select(e => e.Epoch));
                _seq = snapshot.Seq;
                if (Terminal.Contains(snapshot.State)) _ended.TrySetResult();
                foreach (var e in _early.Where(e => e.Seq > _seq)) Apply(e);
                _early.Clear();
            }
        }

        private void On(RunEvent e)
        {
            lock (_epochs)
            {
                if (_seq == long.MaxValue) { _early.Add(e); return; } // arrived between joining the group and the snapshot
                if (e.Seq <= _seq) return;
                Apply(e);
            }
        }

        private void Apply(RunEvent e)
        {
            _seq = e.Seq;
            if (e is EpochCompletedEvent ep) { _epochs.Add(ep.Epoch); Live++; }
            if (e is RunStateChangedEvent s && Terminal.Contains(s.State)) _ended.TrySetResult();
        }

        public async Task WaitForEndAsync(TimeSpan timeout, CancellationToken ct)
        {
            try { await _ended.Task.WaitAsync(timeout, ct); }
            catch (TimeoutException) { } // reported as missing epochs
        }

        public ValueTask DisposeAsync() => _hub.DisposeAsync();
    }
}

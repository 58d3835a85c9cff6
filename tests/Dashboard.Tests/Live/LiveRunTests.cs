using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Services;
using Xunit.Abstractions;

namespace MusicDashboard.Dashboard.Tests.Live;

/// <summary>
/// Alone, after the parallel tests: the in-process server finds its configuration folder through the process-wide
/// environment variable, which other in-process tests (the reproduce verb's) set too.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LiveServerCollection
{
    public const string Name = "live in-process server";
}

/// <summary>Runs started through the hub and the HTTP API on the in-process server, watched live over SignalR.</summary>
[Collection(LiveServerCollection.Name)]
public sealed class LiveRunTests(LiveServerFactory server, ITestOutputHelper output) : IClassFixture<LiveServerFactory>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(300);

    [Fact]
    public async Task ARunStartedThroughTheHubStreamsEpochsInOrderAProjectionMetricsAndItsEnd_AndALateWatcherCatchesUp()
    {
        await using var first = server.Hub();
        var recorder = new HubRecorder();
        recorder.Attach(first);
        await first.StartAsync();

        const int epochs = 40;
        var config = JsonSerializer.SerializeToElement(new { preset = "mlp-vae-audio", dataset = "demo", epochs, seed = 3 });
        var runId = await first.InvokeAsync<int>("StartRun", config);
        recorder.RunId = runId;
        var snapshot = await first.InvokeAsync<RunSnapshot>("SubscribeRun", runId);
        Assert.Equal(runId, snapshot.RunId);

        // A second watcher joins once training has begun: snapshot, then the live events after it.
        await recorder.FirstEpoch.Task.WaitAsync(RunTimeout);
        await using var second = server.Hub();
        var late = new HubRecorder { RunId = runId };
        late.Attach(second);
        await second.StartAsync();
        var lateSnapshot = await second.InvokeAsync<RunSnapshot>("SubscribeRun", runId);
        output.WriteLine($"late watcher: snapshot at seq {lateSnapshot.Seq} with {lateSnapshot.EpochList.Count} epochs, state {lateSnapshot.State}");

        var end = await recorder.Finished.Task.WaitAsync(RunTimeout);
        Assert.True(end.State == "completed", $"run ended {end.State}: {end.Message}");
        if (!RunStates.IsFinished(lateSnapshot.State)) await late.Finished.Task.WaitAsync(RunTimeout);

        // The first client: every epoch once, in order; training-time and final projections; both Table 2 rows.
        var mine = Deduplicate(snapshot.Seq, recorder.Events);
        var epochNumbers = snapshot.EpochList.Select(e => e.Epoch).Concat(mine.OfType<EpochCompletedEvent>().Select(e => e.Epoch)).ToList();
        Assert.Equal(Enumerable.Range(1, epochs), epochNumbers);
        Assert.All(mine.OfType<EpochCompletedEvent>(), e => Assert.True(double.IsFinite(e.Loss) && e.Epochs == epochs));
        var projections = mine.OfType<ProjectionUpdatedEvent>().ToList();
        // Training-time projections (PCA every few epochs) come when the trainer emits them; when it does, they precede the final ones.
        Assert.All(projections.Where(p => !p.Final), p => Assert.True(p.Clusters is null && p.X.Length == 60 &&
            p.Seq < projections.First(f => f.Final && f.Method == p.Method).Seq));
        Assert.Contains(projections, p => p.Final && p.Clusters is { Length: 60 } && p.X.Length == 60);
        var metrics = mine.OfType<MetricsComputedEvent>().Select(m => m.Row).ToList();
        Assert.Equal(["Raw MFCC + KMeans", "Raw MFCC mean+std + KMeans", "Raw MelSpec stats + KMeans", "Raw GTZAN-57 + KMeans", "MLP-VAE (Audio) + KMeans"], metrics.Select(m => m.Method));
        Assert.All(metrics, m => Assert.Equal("tracks", m.Unit));
        Assert.All(metrics, m => Assert.InRange(m.Nmi!.Value, 0, 1));
        // The run may start before the client joins its group: the snapshot's state, then the live ones.
        var states = mine.OfType<RunStateChangedEvent>().Select(s => s.State).Prepend(snapshot.State).ToList();
        Assert.Equal("completed", states[^1]);
        Assert.Contains("running", states);
        // Sequence numbers only grow: nothing reordered on the way.
        Assert.Equal(mine.Select(e => e.Seq).Order(), mine.Select(e => e.Seq));

        // The late client: its snapshot plus what came after covers every epoch exactly once.
        var lateLive = Deduplicate(lateSnapshot.Seq, late.Events);
        var lateEpochs = lateSnapshot.EpochList.Select(e => e.Epoch).Concat(lateLive.OfType<EpochCompletedEvent>().Select(e => e.Epoch)).ToList();
        Assert.Equal(Enumerable.Range(1, epochs), lateEpochs);
        Assert.True(lateSnapshot.EpochList.Count >= 1, "the late watcher joined after the first epoch, so its snapshot holds it");
        var lateMetrics = lateSnapshot.Metrics.Concat(lateLive.OfType<MetricsComputedEvent>().Select(m => m.Row)).ToList();
        Assert.Equal(5, lateMetrics.Count);

        // After the end, a new subscriber gets the whole run from the snapshot alone.
        var after = await second.InvokeAsync<RunSnapshot>("SubscribeRun", runId);
        Assert.Equal("completed", after.State);
        Assert.Equal(epochs, after.EpochList.Count);
        Assert.Contains(after.Projections, p => p.Final);
    }

    [Fact]
    public async Task ARunPostedOverHttpCompletesAndItsAssignmentsAndExportsDownload()
    {
        var client = server.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/runs", new { preset = "mlp-vae-audio", dataset = "demo", epochs = 3 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var run = await WaitFinishedAsync(client, id);
        Assert.Equal("completed", run.GetProperty("state").GetString());
        Assert.Equal(3, run.GetProperty("epochsDone").GetInt32());
        Assert.Equal(5, run.GetProperty("metrics").GetArrayLength()); // four raw baselines and the model, scored on tracks

        var csv = await client.GetStringAsync($"/api/runs/{id}/assignments.csv");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("run_id,method,track_id,path,genre,clip_index,offset_seconds,cluster,x,y", lines[0]);
        Assert.Equal(1 + 5 * 60, lines.Length); // 60 clips, five methods
        Assert.All(lines.Skip(1), l => Assert.StartsWith($"{id},", l));

        var metricsCsv = await client.GetStringAsync($"/api/runs/{id}/metrics.csv");
        Assert.StartsWith("method,input,clustering,k,silhouette,db,ch,ari,nmi,purity,seconds", metricsCsv);
        // The exported config goes back in as it is: the same run again.
        var configJson = await client.GetStringAsync($"/api/runs/{id}/config.json");
        var (config, problems) = RunRequest.Parse(configJson, "demo");
        Assert.Empty(problems);
        Assert.Equal(3, config!.Vae.Epochs);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/runs/999999")).StatusCode);
    }

    [Fact]
    public async Task AnInterruptedRunResumesFromItsCheckpointAndEndsWithEveryEpochOnce()
    {
        var client = server.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/runs", new { preset = "mlp-vae-audio", dataset = "demo", epochs = 4 });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.Equal("completed", (await WaitFinishedAsync(client, id)).GetProperty("state").GetString());
        var resumer = server.Services.GetRequiredService<RunResumer>();
        Assert.Contains("only an interrupted run", await resumer.ResumeAsync(id));

        // What a server stop during clustering leaves: the epochs and the checkpoint, no results, the run interrupted.
        var dbFactory = server.Services.GetRequiredService<IDbContextFactory<MusicDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await db.MetricRows.Where(m => m.RunId == id).ExecuteDeleteAsync();
            await db.Assignments.Where(a => a.RunId == id).ExecuteDeleteAsync();
            var run = await db.Runs.SingleAsync(r => r.Id == id);
            run.State = RunState.Interrupted;
            await db.SaveChangesAsync();
        }
        Assert.Null(await resumer.ResumeAsync(id));
        var resumed = await WaitFinishedAsync(client, id);
        Assert.Equal("completed", resumed.GetProperty("state").GetString());
        Assert.Equal(4, resumed.GetProperty("epochsDone").GetInt32());
        Assert.Equal(5, resumed.GetProperty("metrics").GetArrayLength());
        await using (var db = await dbFactory.CreateDbContextAsync())
            Assert.Equal([1, 2, 3, 4], await db.Epochs.Where(e => e.RunId == id).OrderBy(e => e.Epoch).Select(e => e.Epoch).ToListAsync());
    }

    internal static async Task<JsonElement> WaitFinishedAsync(HttpClient client, int id)
    {
        var deadline = DateTime.UtcNow + RunTimeout;
        while (true)
        {
            var run = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{id}");
            var state = run.GetProperty("state").GetString();
            if (RunStates.IsFinished(state!)) return run;
            Assert.True(DateTime.UtcNow < deadline, $"run {id} still {state}");
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task ReproduceTheStudyQueuesEveryRequestedPresetAtEverySeedAndNamesTheCompareView()
    {
        var client = server.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/study",
            new { dataset = "demo", presets = new[] { "mlp-vae-audio", "cvae-fusion" }, seeds = new[] { 0, 1 }, epochs = 2 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var ids = body.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()).ToList();
        Assert.Equal(4, ids.Count);
        Assert.Equal($"/compare?runs={string.Join(",", ids)}", body.GetProperty("compare").GetString());
        Assert.Equal(body.GetProperty("compare").GetString(), response.Headers.Location?.OriginalString);

        var presets = new List<(string Preset, int Seed)>();
        foreach (var id in ids)
        {
            var run = await WaitFinishedAsync(client, id);
            Assert.Equal("completed", run.GetProperty("state").GetString());
            var (config, _) = RunRequest.Parse(await client.GetStringAsync($"/api/runs/{id}/config.json"), "demo");
            presets.Add((config!.Preset, config.Seed));
            Assert.Equal(2, config.Vae.Epochs);
        }
        Assert.Equal([("mlp-vae-audio", 0), ("cvae-fusion", 0), ("mlp-vae-audio", 1), ("cvae-fusion", 1)], presets);

        var compare = await client.GetStringAsync(body.GetProperty("compare").GetString());
        Assert.Contains("Compare runs", compare);

        using var bad = await client.PostAsJsonAsync("/api/study", new { presets = new[] { "nope" }, seeds = new[] { -1 }, colour = "red" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("presets", out _));
        Assert.True(errors.TryGetProperty("seeds", out _));
        Assert.True(errors.TryGetProperty("colour", out _));
        using var noFolder = await client.PostAsJsonAsync("/api/study", new { dataset = "/no/such/folder" });
        Assert.Equal(HttpStatusCode.BadRequest, noFolder.StatusCode);
        Assert.Contains("dataset", await noFolder.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AFeatureTableRunsAsADatasetAndModelsThatNeedAudioAreRefused()
    {
        // Under the server's dataset roots: a folder anywhere else is refused.
        var folder = Directory.CreateDirectory(Path.Combine(server.DatasetsFolder, "table-run-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        try
        {
            var csv = Path.Combine(folder, "features_30_sec.csv");
            var rng = new Random(3);
            var lines = new List<string> { "filename,length,a,b,label" };
            for (var g = 0; g < 10; g++)
                for (var t = 0; t < 3; t++)
                    lines.Add(FormattableString.Invariant($"g{g}.{t:00000}.wav,661794,{10 * g + rng.NextDouble():0.000},{-5 * g + rng.NextDouble():0.000},g{g}"));
            File.WriteAllLines(csv, lines);
            var client = server.CreateClient();

            using var refused = await client.PostAsJsonAsync("/api/runs", new { preset = "conv-vae-melspec", dataset = csv, epochs = 2 });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("feature table has no audio", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("dataset")[0].GetString());

            using var response = await client.PostAsJsonAsync("/api/runs", new { preset = "mlp-vae-audio", dataset = csv, epochs = 2 });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
            var run = await WaitFinishedAsync(client, id);
            Assert.Equal("completed", run.GetProperty("state").GetString());
            var metrics = run.GetProperty("metrics").EnumerateArray().ToList();
            Assert.Equal(["Raw table features + KMeans", "MLP-VAE (Audio) + KMeans"], metrics.Select(m => m.GetProperty("method").GetString()));
            Assert.All(metrics, m => Assert.Equal(30, m.GetProperty("units").GetInt32()));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task AnInvalidConfigIsRefusedWithTheFieldsNamed()
    {
        var client = server.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/runs", new { preset = "mlp-vae-audio", epochs = 0, clustering = new { k = 1 }, model = "convVae" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.Contains("epochs", errors.GetProperty("vae.epochs")[0].GetString());
        Assert.Contains("K must be", errors.GetProperty("clustering.k")[0].GetString());
        Assert.Contains("logMel", errors.GetProperty("input")[0].GetString());

        using var unknown = await client.PostAsJsonAsync("/api/runs", new { preset = "no-such-preset" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("preset", await unknown.Content.ReadAsStringAsync());

        await using var hub = server.Hub();
        await hub.StartAsync();
        var error = await Assert.ThrowsAsync<HubException>(() =>
            hub.InvokeAsync<int>("StartRun", JsonSerializer.SerializeToElement(new { preset = "mlp-vae-audio", dataset = "no/such/folder", batchSize = 0 })));
        Assert.Contains("vae.batchSize", error.Message);
        Assert.Contains("dataset", error.Message);
        var missing = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<RunSnapshot>("SubscribeRun", 424242));
        Assert.Contains("does not exist", missing.Message);
    }

    /// <summary>Events after the snapshot, each once (SignalR may deliver one the snapshot already held).</summary>
    private static List<RunEvent> Deduplicate(long snapshotSeq, IEnumerable<RunEvent> events)
    {
        var seen = new HashSet<long>();
        return events.Where(e => e.Seq > snapshotSeq && seen.Add(e.Seq)).ToList();
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Services;
using MusicDashboard.Dashboard.Tests.E2E;
using MusicDashboard.Dashboard.Tests.Live;
using Xunit.Abstractions;

namespace MusicDashboard.Dashboard.Tests.ScaleOut;

[CollectionDefinition(Name)]
public sealed class ScaleOutCollection : ICollectionFixture<ScaleOutCluster>
{
    public const string Name = "scale-out cluster";
}

/// <summary>
/// Issue 17's "done when", on a real lab on loopback (<see cref="ScaleOutCluster"/>): a run started on instance A is
/// watched live on instance B; killing the worker that trains it lets the other finish it from the checkpoint; a
/// collection's features are extracted by both workers in shards, no track done twice or missed; a cancel on B stops a run
/// a worker is training.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class ScaleOutTests(ScaleOutCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(6);

    private MusicDbContext Db() => new(Database.Options(DatabaseSettings.PostgreSql(cluster.ConnectionString)));

    private async Task<int> StartRunAsync(ScaleOutCluster.Instance on, int epochs, int seed)
    {
        using var created = await on.Http.PostAsJsonAsync("/api/runs", new { preset = "mlp-vae-audio", dataset = "demo", epochs, seed });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private async Task<string> WorkerOfAsync(int runId)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var workers = await cluster.B.Http.GetFromJsonAsync<JsonElement>("/api/workers");
            foreach (var w in workers.EnumerateArray())
                if (w.GetProperty("runs").EnumerateArray().Any(r => r.GetInt32() == runId)) return w.GetProperty("name").GetString()!;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no worker lists run {runId}:\n{cluster.Logs()}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task ARunStartedOnAIsWatchedLiveOnBEpochByEpoch_AndWhenItsWorkerIsKilledTheOtherFinishesItFromItsCheckpoint()
    {
        await cluster.WaitForWorkersAsync("w1", "w2");
        await using var hub = cluster.B.Hub();
        var watch = new HubRecorder();
        watch.Attach(hub);
        await hub.StartAsync();

        const int epochs = 1500;
        var runId = await StartRunAsync(cluster.A, epochs, seed: 5);
        watch.RunId = runId;
        var snapshot = await hub.InvokeAsync<RunSnapshot>("SubscribeRun", runId);

        // Live on B while a worker trains it, then kill that worker (SIGKILL) mid-run.
        var deadline = DateTime.UtcNow + Patience;
        while (watch.Events.OfType<EpochCompletedEvent>().Count() < 60)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"B saw {watch.Events.Count} events of run {runId}:\n{cluster.Logs()}");
            await Task.Delay(50);
        }
        var victim = await WorkerOfAsync(runId);
        var survivor = victim == "w1" ? "w2" : "w1";
        await cluster.Workers[victim].KillAsync();
        var seenAtKill = watch.Events.OfType<EpochCompletedEvent>().Max(e => e.Epoch);
        output.WriteLine($"run {runId}: killed {victim} after B had seen epoch {seenAtKill}");

        var end = await DashboardServer.WaitForRunEndAsync(cluster.B.Http, runId, Patience, cluster.Logs);
        Assert.True(end.GetProperty("state").GetString() == "completed", $"{end}\n{cluster.Logs()}");
        await watch.Finished.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The database: every epoch once, finished by the survivor, one restart counted, the takeover in its log.
        await using (var db = Db())
        {
            var stored = await db.Epochs.AsNoTracking().Where(e => e.RunId == runId).Select(e => e.Epoch).OrderBy(e => e).ToListAsync();
            Assert.Equal(Enumerable.Range(1, epochs), stored);
            var run = await db.Runs.AsNoTracking().SingleAsync(r => r.Id == runId);
            Assert.Equal(survivor, run.Worker);
            Assert.Equal(1, run.Restarts);
            var log = await db.RunLogs.AsNoTracking().Where(l => l.RunId == runId).OrderBy(l => l.Seq).Select(l => l.Text).ToListAsync();
            Assert.Contains(log, l => l.StartsWith($"{victim} stopped answering while running it: {survivor} takes it up from the checkpoint after epoch", StringComparison.Ordinal));
        }

        // The watcher on B: after its snapshot, every event of the run once and in order (sequence numbers without a gap,
        // the kill included), epochs before the kill and after the takeover, and the end.
        var live = watch.Events.Where(e => e.Seq > snapshot.Seq).ToList();
        Assert.NotEmpty(live);
        for (var i = 1; i < live.Count; i++)
            Assert.True(live[i].Seq == live[i - 1].Seq + 1, $"event {i}: seq {live[i - 1].Seq} then {live[i].Seq}");
        Assert.Equal(snapshot.Seq + 1, live[0].Seq);
        var takeover = live.FindIndex(e => e is LogLineEvent { Stage: "worker" } l && l.Message.Contains("takes it up", StringComparison.Ordinal));
        Assert.True(takeover > 0, "B did not hear of the takeover");
        Assert.Contains(live.Take(takeover), e => e is EpochCompletedEvent);
        var after = live.Skip(takeover).OfType<EpochCompletedEvent>().ToList();
        Assert.Equal(epochs, after[^1].Epoch);
        var heard = snapshot.EpochList.Select(e => e.Epoch).Concat(live.OfType<EpochCompletedEvent>().Select(e => e.Epoch)).ToHashSet();
        Assert.Equal(Enumerable.Range(1, epochs), heard.Order());
        Assert.Equal("completed", live.OfType<RunStateChangedEvent>().Last().State);

        // The survivor's peer comes back for the tests after this one.
        cluster.StartWorker(victim);
        await cluster.WaitForWorkersAsync("w1", "w2");
    }

    [Fact]
    public async Task ACollectionsFeaturesAreExtractedByBothWorkersInShards_NoTrackTwiceNoneMissed_AndARunReadsThemFromTheCache()
    {
        await cluster.WaitForWorkersAsync("w1", "w2");
        using var started = await cluster.B.Http.PostAsJsonAsync("/api/features", new { dataset = "demo", preset = "mlp-vae-audio" });
        Assert.True(started.StatusCode == HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var deadline = DateTime.UtcNow + Patience;
        JsonElement status;
        while (true)
        {
            status = await cluster.A.Http.GetFromJsonAsync<JsonElement>($"/api/features/{id}");
            if (status.GetProperty("state").GetString() is "completed" or "failed") break;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"extraction {id}: {status}\n{cluster.Logs()}");
            await Task.Delay(250);
        }
        Assert.True(status.GetProperty("state").GetString() == "completed", status.ToString());
        var shards = status.GetProperty("shards").EnumerateArray().ToList();
        Assert.Equal((ScaleOutCluster.ExpectedTracks + ScaleOutCluster.TracksPerShard - 1) / ScaleOutCluster.TracksPerShard, shards.Count);
        var files = shards.SelectMany(s => s.GetProperty("files").EnumerateArray().Select(f => f.GetString()!)).ToList();
        var collection = Directory.EnumerateFiles(Path.Combine(cluster.DemoCorpusFolder, "genres"), "*.wav", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(cluster.DemoCorpusFolder, f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(collection, files.Order(StringComparer.Ordinal).ToList()); // every track once: none twice, none missed
        Assert.All(shards, s =>
        {
            Assert.Equal("completed", s.GetProperty("state").GetString());
            Assert.Equal(1, s.GetProperty("attempts").GetInt32());
            Assert.Equal(0, s.GetProperty("skipped").GetInt32());
        });
        var workers = shards.Select(s => s.GetProperty("worker").GetString()).Distinct().Order().ToList();
        Assert.Equal(["w1", "w2"], workers);
        output.WriteLine(string.Join("\n", shards.Select(s => $"shard {s.GetProperty("index")}: {s.GetProperty("worker")}, {s.GetProperty("computed")} computed, {s.GetProperty("cacheHits")} from the cache")));

        // A run on the collection afterwards computes nothing: every track is in the shared cache.
        var runId = await StartRunAsync(cluster.A, epochs: 2, seed: 1);
        var end = await DashboardServer.WaitForRunEndAsync(cluster.A.Http, runId, Patience, cluster.Logs);
        Assert.Equal("completed", end.GetProperty("state").GetString());
        await using var db = Db();
        var featuresLine = await db.RunLogs.AsNoTracking().Where(l => l.RunId == runId && l.Stage == "features").OrderBy(l => l.Seq).Select(l => l.Text).ToListAsync();
        Assert.Contains(featuresLine, l => l.Contains($"feature cache: {ScaleOutCluster.ExpectedTracks * 3} entries read, 0 computed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACancelOnBStopsARunAWorkerIsTraining()
    {
        await cluster.WaitForWorkersAsync("w1", "w2");
        var runId = await StartRunAsync(cluster.A, epochs: 10_000, seed: 2);
        var worker = await WorkerOfAsync(runId);
        // Training, as B sees it: a worker that has only claimed the run ends it "cancelled before it started" instead.
        var deadline = DateTime.UtcNow + Patience;
        while ((await cluster.B.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}")).GetProperty("epochsDone").GetInt32() < 1)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"run {runId} did not train an epoch:\n{cluster.Logs()}");
            await Task.Delay(50);
        }
        using var cancel = await cluster.B.Http.PostAsync($"/api/runs/{runId}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var end = await DashboardServer.WaitForRunEndAsync(cluster.A.Http, runId, Patience, cluster.Logs);
        Assert.Equal("cancelled", end.GetProperty("state").GetString());
        Assert.Equal("cancelled by the user", end.GetProperty("message").GetString());
        Assert.True(end.GetProperty("epochsDone").GetInt32() < 10_000);
        output.WriteLine($"run {runId} on {worker}: cancelled after {end.GetProperty("epochsDone")} epochs");
        // The worker is free again: it takes the next run.
        var next = await StartRunAsync(cluster.B, epochs: 2, seed: 3);
        Assert.Equal("completed", (await DashboardServer.WaitForRunEndAsync(cluster.B.Http, next, Patience, cluster.Logs)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task AWorkerWithConcurrencyTwoTrainsTwoRunsAtOnce()
    {
        await cluster.WaitForWorkersAsync("w1", "w2");
        // w1 and w2 busy with one long run each (one job at a time), then w3 (two at a time) joins and takes the next two.
        var busy = new[] { await StartRunAsync(cluster.A, epochs: 10_000, seed: 11), await StartRunAsync(cluster.A, epochs: 10_000, seed: 12) };
        var holders = new[] { await WorkerOfAsync(busy[0]), await WorkerOfAsync(busy[1]) };
        Assert.Equal(["w1", "w2"], holders.Order());
        var w3 = MusicdashProcess.Start(cluster.Folder, ["worker", "--name", "w3", "--concurrency", "2"]);
        try
        {
            await cluster.WaitForWorkersAsync("w1", "w2", "w3");
            var card = (await cluster.B.Http.GetFromJsonAsync<JsonElement>("/api/workers")).EnumerateArray().Single(w => w.GetProperty("name").GetString() == "w3");
            Assert.Equal(2, card.GetProperty("concurrency").GetInt32());
            var pair = new[] { await StartRunAsync(cluster.B, epochs: 10_000, seed: 13), await StartRunAsync(cluster.B, epochs: 10_000, seed: 14) };
            var deadline = DateTime.UtcNow + Patience;
            while (true)
            {
                var w = (await cluster.B.Http.GetFromJsonAsync<JsonElement>("/api/workers")).EnumerateArray().Single(x => x.GetProperty("name").GetString() == "w3");
                var running = w.GetProperty("runs").EnumerateArray().Select(r => r.GetInt32()).Order().ToList();
                if (running.SequenceEqual(pair.Order())) break;
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"w3 runs [{string.Join(", ", running)}], expected both of [{string.Join(", ", pair)}]\n{cluster.Logs()}\n--- w3:\n{w3.LogTail()}");
                await Task.Delay(100);
            }
            foreach (var id in busy.Concat(pair))
            {
                using var cancel = await cluster.A.Http.PostAsync($"/api/runs/{id}/cancel", null);
                Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
            }
            foreach (var id in busy.Concat(pair))
                Assert.Equal("cancelled", (await DashboardServer.WaitForRunEndAsync(cluster.A.Http, id, Patience, cluster.Logs)).GetProperty("state").GetString());
        }
        finally
        {
            await w3.DisposeAsync();
        }
        await cluster.WaitForWorkersAsync("w1", "w2");
    }
}

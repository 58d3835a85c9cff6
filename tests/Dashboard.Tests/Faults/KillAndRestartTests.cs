using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Tests.E2E;
using MusicDashboard.Training.Models;
using Xunit.Abstractions;

namespace MusicDashboard.Dashboard.Tests.Faults;

/// <summary>
/// The "done when": the real dashboard process is killed (SIGKILL, as a crash or the OOM killer would) in the
/// middle of a run while it writes an epoch every few milliseconds, and started again on the same data folder. After each
/// kill the database passes <c>PRAGMA integrity_check</c> and holds epochs 1..m with no gap (what was committed, whole);
/// after the restart the run goes on from its last checkpoint and ends with every epoch 1..N recorded once, the epochs it
/// trained again equal to the ones it had stored before (training is deterministic), and its metrics stored. A run waiting
/// in the queue at the kill is queued again and completes. Everything waits on stored state, never on sleeps of a guessed
/// length. With <c>MusicDashboard:AutoResume</c> off the same runs wait as interrupted, and the resume API takes up both.
/// </summary>
public sealed class KillAndRestartTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const int Epochs = 100;
    private const int CheckpointEvery = 5;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task ARunKilledTwiceMidTrainingResumesAutomaticallyAndEndsWithEveryEpochOnce()
    {
        await using var server = new Server();
        await server.InitializeAsync();
        await server.WaitForTracksAsync(TimeSpan.FromMinutes(3));
        var run = await PostRunAsync(server, Epochs);
        var queued = await PostRunAsync(server, 6);
        var clock = Stopwatch.StartNew();

        // Kill 1: some checkpoints in, epochs still being written.
        var first = await KillWhenAsync(server, run, stored: 12, "first kill");
        Assert.Equal(RunState.Queued, (await StateAsync(server, queued)).State);
        var restartedAt = clock.Elapsed;
        await server.RestartAsync();
        output.WriteLine($"restart 1: the server answered {(clock.Elapsed - restartedAt).TotalSeconds:0.0} s after the kill");

        // Kill 2: after the resumed run has gone past where it was killed (so the epochs it trained again are stored).
        var resumedFrom = clock.Elapsed;
        await WaitAsync(server, run, s => s.MaxEpoch > first.Checkpoint, "the resumed run to store an epoch");
        output.WriteLine($"restart 1: first epoch after the checkpoint stored {(clock.Elapsed - resumedFrom).TotalSeconds:0.0} s after the server answered");
        var second = await KillWhenAsync(server, run, stored: first.Stored + 10, "second kill");
        AssertSameLosses(first.Losses, second.Losses, upTo: first.Stored);
        await server.RestartAsync();

        var done = await WaitFinishedAsync(server, run);
        Assert.Equal("completed", done.GetProperty("state").GetString());
        Assert.Equal(Epochs, done.GetProperty("epochsDone").GetInt32());
        Assert.True(done.GetProperty("metrics").GetArrayLength() > 0, "the final metrics are stored");
        Assert.Equal("completed", (await WaitFinishedAsync(server, queued)).GetProperty("state").GetString());

        var final = await EpochsAsync(server, run);
        Assert.Equal(Enumerable.Range(1, Epochs), final.Select(e => e.Epoch));
        AssertSameLosses(second.Losses, final.ToDictionary(e => e.Epoch, e => e.Loss), upTo: second.Stored);
        Assert.Equal(Enumerable.Range(1, 6), (await EpochsAsync(server, queued)).Select(e => e.Epoch));
        await using (var db = server.OpenDatabase())
        {
            var stored = await db.Runs.AsNoTracking().SingleAsync(r => r.Id == run);
            Assert.Equal(2, stored.Restarts);
            Assert.Null(stored.Error);
            Assert.True(await db.MetricRows.AnyAsync(m => m.RunId == run));
            Assert.Equal(0, (await db.Runs.AsNoTracking().SingleAsync(r => r.Id == queued)).Restarts);
            var log = await db.RunLogs.Where(l => l.RunId == run).Select(l => l.Text).ToListAsync();
            Assert.Contains(log, l => l.Contains($"resuming from the checkpoint after epoch {first.Checkpoint}"));
            Assert.Contains(log, l => l.Contains($"resuming from the checkpoint after epoch {second.Checkpoint}"));
        }
        Assert.True(IntegrityOk(server));
        output.WriteLine($"whole test {clock.Elapsed.TotalSeconds:0.0} s; epochs lost to the kills: {first.Stored - first.Checkpoint} and {second.Stored - second.Checkpoint} " +
            $"(checkpoint every {CheckpointEvery}); load average {LoadAverage()}");
    }

    [Fact]
    public async Task WithoutAutoResumeKilledRunsWaitAsInterruptedAndTheResumeApiTakesUpTheRunningAndTheQueuedOne()
    {
        await using var server = new Server();
        server.ExtraEnvironment["MusicDashboard__AutoResume"] = "false";
        await server.InitializeAsync();
        await server.WaitForTracksAsync(TimeSpan.FromMinutes(3));
        var run = await PostRunAsync(server, Epochs);
        var queued = await PostRunAsync(server, 4);
        var killed = await KillWhenAsync(server, run, stored: 12, "kill");
        await server.RestartAsync();

        foreach (var id in new[] { run, queued })
        {
            var waiting = await server.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{id}");
            Assert.Equal("interrupted", waiting.GetProperty("state").GetString());
            Assert.Contains("stopped before the run finished", waiting.GetProperty("message").GetString());
        }
        // The run page offers the resume action: from the checkpoint for the run that trained, from the start for the other.
        Assert.Contains("Resume from the checkpoint", await server.Http.GetStringAsync($"/runs/{run}"));
        Assert.Contains("Resume from the start", await server.Http.GetStringAsync($"/runs/{queued}"));

        // The running one over the API; the queued one with the Runs list's resume button, in the browser.
        using (var resumed = await server.Http.PostAsync($"/api/runs/{run}/resume", null))
            Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
        var (page, problems) = await Pages.OpenAsync(browser, server, "runs?state=interrupted");
        var row = page.Locator("tr").Filter(new() { Has = page.GetByTestId("run-link").GetByText($"#{queued}", new() { Exact = true }) });
        await row.GetByTestId("run-resume").ClickAsync();
        // The click reaches the server over the page's circuit: wait until the run has left "interrupted" (read at once,
        // the state could still be the old one, which WaitFinishedAsync takes for an end).
        for (var deadline = DateTime.UtcNow + Patience; (await StateAsync(server, queued)).State == RunState.Interrupted; await Task.Delay(50))
            Assert.True(DateTime.UtcNow < deadline, $"the resume button did not queue run {queued} again in {Patience.TotalMinutes} min:\n{server.LogTail()}");
        Assert.Empty(problems);
        await page.Context.CloseAsync();
        Assert.Equal("completed", (await WaitFinishedAsync(server, run)).GetProperty("state").GetString());
        Assert.Equal("completed", (await WaitFinishedAsync(server, queued)).GetProperty("state").GetString());
        var final = await EpochsAsync(server, run);
        Assert.Equal(Enumerable.Range(1, Epochs), final.Select(e => e.Epoch));
        AssertSameLosses(killed.Losses, final.ToDictionary(e => e.Epoch, e => e.Loss), upTo: killed.Stored);
        Assert.Equal(Enumerable.Range(1, 4), (await EpochsAsync(server, queued)).Select(e => e.Epoch));
        // A second resume of a completed run is refused in words.
        using var again = await server.Http.PostAsync($"/api/runs/{run}/resume", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("only an interrupted run is resumed", await again.Content.ReadAsStringAsync());
    }

    /// <summary>What a kill left: the epochs stored (1..Stored, checked whole and in order), their losses, the checkpoint's epoch.</summary>
    private sealed record Killed(int Stored, int Checkpoint, Dictionary<int, double> Losses);

    private async Task<Killed> KillWhenAsync(Server server, int run, int stored, string what)
    {
        await WaitAsync(server, run, s => s.MaxEpoch >= stored, $"{stored} epochs stored before the {what}");
        await server.KillAsync();
        var state = await StateAsync(server, run);
        Assert.True(state.State == RunState.Running && state.MaxEpoch < Epochs, $"the {what} came after the run ended ({state.State}, epoch {state.MaxEpoch})");
        Assert.True(IntegrityOk(server), $"PRAGMA integrity_check after the {what}");
        var epochs = await EpochsAsync(server, run);
        // Whole transactions only: epochs 1..m, none missing, none twice, none half-written.
        Assert.Equal(Enumerable.Range(1, epochs.Count), epochs.Select(e => e.Epoch));
        Assert.All(epochs, e => Assert.True(double.IsFinite(e.Loss) && e.Loss > 0));
        var checkpoint = Checkpoint.Read(Path.Combine(server.DataFolder, "runs", run.ToString(CultureInfo.InvariantCulture), "checkpoint")).Epoch;
        Assert.InRange(checkpoint, CheckpointEvery, epochs.Count);
        output.WriteLine($"{what}: {epochs.Count} epochs stored, checkpoint after epoch {checkpoint}: {epochs.Count - checkpoint} epoch(s) to train again");
        return new Killed(epochs.Count, checkpoint, epochs.ToDictionary(e => e.Epoch, e => e.Loss));
    }

    /// <summary>Epochs trained again after a resume equal the ones stored before the kill: the checkpoint restores the
    /// weights, the optimizer and the epoch, and training is deterministic from there.</summary>
    private static void AssertSameLosses(Dictionary<int, double> before, Dictionary<int, double> after, int upTo)
    {
        for (var epoch = 1; epoch <= upTo; epoch++)
            Assert.True(Math.Abs(before[epoch] - after[epoch]) <= 1e-6 * Math.Abs(before[epoch]),
                $"epoch {epoch}: loss {before[epoch]:R} before the kill, {after[epoch]:R} after");
    }

    private static async Task<int> PostRunAsync(Server server, int epochs)
    {
        using var response = await server.Http.PostAsJsonAsync("/api/runs",
            new { preset = "mlp-vae-audio", dataset = "demo", epochs, vae = new { checkpointEvery = CheckpointEvery } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private sealed record Stored(RunState State, int MaxEpoch);

    private static async Task<Stored> StateAsync(Server server, int run)
    {
        await using var db = server.OpenDatabase();
        var state = await db.Runs.AsNoTracking().Where(r => r.Id == run).Select(r => r.State).SingleAsync();
        var max = await db.Epochs.Where(e => e.RunId == run).Select(e => (int?)e.Epoch).MaxAsync() ?? 0;
        return new Stored(state, max);
    }

    private static async Task<List<EpochEntity>> EpochsAsync(Server server, int run)
    {
        await using var db = server.OpenDatabase();
        return await db.Epochs.AsNoTracking().Where(e => e.RunId == run).OrderBy(e => e.Epoch).ThenBy(e => e.Id).ToListAsync();
    }

    private static async Task WaitAsync(Server server, int run, Func<Stored, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var s = await StateAsync(server, run);
            if (done(s)) return;
            Assert.True(s.State is RunState.Queued or RunState.Running, $"waiting for {what}, the run became {s.State}:\n{server.LogTail()}");
            Assert.True(DateTime.UtcNow < deadline, $"waited {Patience.TotalMinutes} min for {what} (run {s.State}, epoch {s.MaxEpoch}):\n{server.LogTail()}");
            await Task.Delay(20);
        }
    }

    private static Task<JsonElement> WaitFinishedAsync(Server server, int run) => server.WaitForRunEndAsync(run, Patience);

    private static bool IntegrityOk(Server server)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={server.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string?)command.ExecuteScalar() == "ok";
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>The dashboard process on its own temporary folder (tiny demo corpus), disposed with its folder.</summary>
    private sealed class Server : DashboardServer, IAsyncDisposable
    {
        ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());
    }
}

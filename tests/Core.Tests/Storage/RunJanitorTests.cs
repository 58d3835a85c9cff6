using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Core.Tests.Storage;

/// <summary>The start-up's recovery of runs a previous process left unfinished (<see cref="RunJanitor.Recover"/>), on a
/// real SQLite file and a real PostgreSQL database: what is taken up again, what waits as interrupted, the live owner's
/// runs left alone, the loop guard.</summary>
public abstract class RunJanitorTests(TestDatabase database) : DatabaseTest(database)
{
    public sealed class Sqlite() : RunJanitorTests(new SqliteTestDatabase());

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresServer server) : RunJanitorTests(new PostgresTestDatabase(server));

    private const int GonePid = 999_999_999;

    private static RunEntity Run(string name, RunState state, int? pid, bool dashboard = true, int restarts = 0) => new()
    {
        Name = name, Preset = "mlp-vae-audio", Dataset = "d", DatasetRoot = "/d", ConfigJson = "{}", State = state,
        CreatedAt = DateTime.UtcNow, OwnerProcessId = pid, QueuedByDashboard = dashboard, Restarts = restarts,
    };

    private async Task<DbContextOptions<MusicDbContext>> SeedAsync(params RunEntity[] runs)
    {
        var options = Options;
        await using var db = new MusicDbContext(options);
        db.Runs.AddRange(runs);
        await db.SaveChangesAsync();
        return options;
    }

    private static async Task<Dictionary<string, RunEntity>> ReadAsync(DbContextOptions<MusicDbContext> options)
    {
        await using var db = new MusicDbContext(options);
        return await db.Runs.AsNoTracking().ToDictionaryAsync(r => r.Name);
    }

    [Fact]
    public async Task WithAutoResumeTheDashboardsRunningAndQueuedRunsAreTakenUpAndOnlyTheRunningOneCountsARestart()
    {
        using var alive = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "30"))!;
        try
        {
            var options = await SeedAsync(
                Run("running", RunState.Running, GonePid), Run("queued", RunState.Queued, GonePid), Run("cli", RunState.Running, GonePid, dashboard: false),
                Run("other process", RunState.Running, alive.Id), Run("done", RunState.Completed, GonePid));
            var recovery = RunJanitor.Recover(options, autoResume: true);
            var runs = await ReadAsync(options);

            Assert.Equal([runs["running"].Id, runs["queued"].Id], recovery.ToResume);
            Assert.Equal([runs["cli"].Id], recovery.Interrupted);
            Assert.Empty(recovery.GaveUp);
            Assert.Equal(1, recovery.LeftToLiveOwner);
            Assert.Equal(1, runs["running"].Restarts);
            Assert.Equal(0, runs["queued"].Restarts);
            Assert.Contains("resumed automatically", runs["running"].Error);
            Assert.Contains("queued again", runs["queued"].Error);
            // Another live dashboard's run and a finished run are not touched.
            Assert.Equal(RunState.Running, runs["other process"].State);
            Assert.Equal(0, runs["other process"].Restarts);
            Assert.Equal(RunState.Completed, runs["done"].State);
            // The resumer queues the taken-up runs; until then they are interrupted, so a second look finds nothing to do.
            Assert.Equal(RunState.Interrupted, runs["running"].State);
            Assert.Empty(RunJanitor.Recover(options, autoResume: true).ToResume);
        }
        finally
        {
            alive.Kill();
        }
    }

    [Fact]
    public async Task WithoutAutoResumeEveryOrphanWaitsAsInterruptedWithItsReason()
    {
        var options = await SeedAsync(Run("running", RunState.Running, GonePid), Run("queued", RunState.Queued, null));
        var recovery = RunJanitor.Recover(options, autoResume: false);
        var runs = await ReadAsync(options);
        Assert.Empty(recovery.ToResume);
        Assert.Equal(2, recovery.Interrupted.Count);
        Assert.All(runs.Values, r => Assert.Equal(RunState.Interrupted, r.State));
        Assert.Contains($"pid {GonePid}", runs["running"].Error);
        Assert.Contains("pid unknown", runs["queued"].Error);
        Assert.Equal(1, runs["running"].Restarts);
    }

    [Fact]
    public async Task ARunCutShortMaxRestartsTimesWhileRunningIsNoLongerResumedAndSaysWhy()
    {
        var options = await SeedAsync(
            Run("crashes", RunState.Running, GonePid, restarts: RunJanitor.MaxRestarts - 1),
            Run("once more", RunState.Running, GonePid, restarts: RunJanitor.MaxRestarts - 2),
            // A queued run did not bring its process down: its count does not grow and it is queued again.
            Run("queued", RunState.Queued, GonePid, restarts: RunJanitor.MaxRestarts - 1));
        var recovery = RunJanitor.Recover(options, autoResume: true);
        var runs = await ReadAsync(options);
        Assert.Equal([runs["crashes"].Id], recovery.GaveUp);
        Assert.Equal([runs["once more"].Id, runs["queued"].Id], recovery.ToResume);
        Assert.Equal(RunJanitor.MaxRestarts, runs["crashes"].Restarts);
        Assert.Equal(RunState.Interrupted, runs["crashes"].State);
        Assert.Contains($"stopped {RunJanitor.MaxRestarts} times", runs["crashes"].Error);
        Assert.Contains("no longer resumed automatically", runs["crashes"].Error);
        Assert.Equal(RunJanitor.MaxRestarts - 1, runs["queued"].Restarts);
    }

    [Fact]
    public async Task TwoDashboardsStartingAtOnceTakeEachOrphanUpOnce()
    {
        var options = await SeedAsync(Run("running", RunState.Running, GonePid), Run("queued", RunState.Queued, GonePid), Run("cli", RunState.Running, GonePid, dashboard: false));
        // The other dashboard's whole recovery happens between this one's read and its first claim.
        StartupRecovery? other = null;
        var racing = new DbContextOptionsBuilder<MusicDbContext>(options)
            .AddInterceptors(new BeforeFirstUpdate(() => other = RunJanitor.Recover(options, autoResume: true))).Options;

        var mine = RunJanitor.Recover(racing, autoResume: true);

        Assert.NotNull(other);
        var runs = await ReadAsync(options);
        Assert.Equal([runs["running"].Id, runs["queued"].Id], other.ToResume);
        Assert.Equal([runs["cli"].Id], other.Interrupted);
        Assert.Empty(mine.ToResume); // nothing resumed twice
        Assert.Empty(mine.Interrupted);
        Assert.Equal(1, runs["running"].Restarts); // one stop counted once
    }

    /// <summary>Runs another process's work once, just before the first UPDATE statement of the contexts it is added to
    /// (whether sent as a command or as a batch that reads back).</summary>
    private sealed class BeforeFirstUpdate(Action work) : DbCommandInterceptor
    {
        private bool _fired;

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Before(command);
            return result;
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Before(command);
            return result;
        }

        private void Before(DbCommand command)
        {
            if (_fired || !command.CommandText.TrimStart().StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)) return;
            _fired = true;
            work();
        }
    }
}

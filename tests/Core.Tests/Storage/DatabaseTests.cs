using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Core.Tests.Storage;

public sealed class DatabaseTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("musicdash-db-").FullName;
    private string DbPath => Path.Combine(_dir, "nested", "music.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static RunEntity Run(RunState state, int? pid) => new()
    {
        Name = "r", Preset = "mlp-vae-audio", Dataset = "d", DatasetRoot = "/d", ConfigJson = "{}", State = state,
        CreatedAt = DateTime.UtcNow, OwnerProcessId = pid,
    };

    [Fact]
    public async Task MigratesIdempotentlyInWalModeAndReadsWhileAWriterHoldsATransaction()
    {
        await Database.MigrateAsync(DbPath);
        await Database.MigrateAsync(DbPath); // a second start finds nothing to do
        var options = Database.Options(DbPath);
        await using (var db = new MusicDbContext(options))
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            var mode = db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").AsEnumerable().Single();
            Assert.Equal("wal", mode);
            db.Runs.Add(Run(RunState.Completed, null));
            await db.SaveChangesAsync();
        }

        // The background run writes inside a transaction while a page reads: WAL lets the reader through.
        await using var writer = new MusicDbContext(options);
        await using var tx = await writer.Database.BeginTransactionAsync();
        writer.Runs.Add(Run(RunState.Running, Environment.ProcessId));
        await writer.SaveChangesAsync();
        await using (var reader = new MusicDbContext(options))
            Assert.Equal(1, await reader.Runs.CountAsync());
        await tx.CommitAsync();
        await using (var reader = new MusicDbContext(options))
            Assert.Equal(2, await reader.Runs.CountAsync());
    }

    [Fact]
    public async Task RunsLeftRunningByAGoneProcessAreMarkedInterrupted()
    {
        await Database.MigrateAsync(DbPath);
        var options = Database.Options(DbPath);
        using var alive = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "30"))!;
        try
        {
            await using (var db = new MusicDbContext(options))
            {
                db.Runs.AddRange(Run(RunState.Running, 999_999_999), Run(RunState.Queued, null), Run(RunState.Running, alive.Id), Run(RunState.Completed, 999_999_999));
                await db.SaveChangesAsync();
            }
            Assert.Equal(2, RunJanitor.MarkInterrupted(options));
            await using var check = new MusicDbContext(options);
            var states = await check.Runs.OrderBy(r => r.Id).Select(r => new { r.State, r.Error }).ToListAsync();
            Assert.Equal([RunState.Interrupted, RunState.Interrupted, RunState.Running, RunState.Completed], states.Select(s => s.State));
            Assert.Contains("999999999", states[0].Error);
            Assert.Equal(0, RunJanitor.MarkInterrupted(options));
        }
        finally
        {
            alive.Kill();
        }
    }
}

using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Core.Tests.Storage;

/// <summary>Migrating at every start, readers beside a writer, the start-up's marking of orphaned runs: on SQLite and PostgreSQL.</summary>
public abstract class DatabaseTests(TestDatabase database) : DatabaseTest(database)
{
    public sealed class Sqlite() : DatabaseTests(new SqliteTestDatabase());

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresServer server) : DatabaseTests(new PostgresTestDatabase(server))
    {
        [Fact]
        public async Task AnUnknownUserIsOneLineSayingWhatToCheckAndAMissingDatabaseIsCreatedConcurrentlyOnce()
        {
            var stranger = DatabaseSettings.PostgreSql(server.ConnectionString("postgres").Replace("Username=postgres", "Username=nobody"));
            var e = await Assert.ThrowsAsync<StorageException>(() => Database.MigrateAsync(stranger));
            Assert.Equal($"PostgreSQL at 127.0.0.1:{server.Port}, database postgres refused the login: check Username and Password in MusicDashboard:Database", e.Message);

            // A database not there yet is created by the first start (as SQLite's file is), and several processes starting at
            // once (two dashboards, two workers) apply the migrations once (an advisory lock around them).
            var name = $"concurrent_{Guid.NewGuid():N}";
            var fresh = DatabaseSettings.PostgreSql(server.ConnectionString(name));
            try
            {
                await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Database.MigrateAsync(fresh))));
                await using var db = Database.MigrationContext(fresh);
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            }
            finally
            {
                await server.DropDatabaseAsync(name);
            }
        }
    }

    private static RunEntity Run(RunState state, int? pid) => new()
    {
        Name = "r", Preset = "mlp-vae-audio", Dataset = "d", DatasetRoot = "/d", ConfigJson = "{}", State = state,
        CreatedAt = DateTime.UtcNow, OwnerProcessId = pid,
    };

    [Fact]
    public async Task MigratesIdempotentlyAndReadsWhileAWriterHoldsATransaction()
    {
        await Database.MigrateAsync(Db.Settings); // a second start finds nothing to do
        await using (var migrations = Database.MigrationContext(Db.Settings))
            Assert.Empty(await migrations.Database.GetPendingMigrationsAsync());
        await using (var db = Db.Open())
        {
            // SQLite: WAL, so readers never wait for the writer.
            if (Db.Provider == DatabaseProvider.Sqlite)
                Assert.Equal("wal", db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").AsEnumerable().Single());
            db.Runs.Add(Run(RunState.Completed, null));
            await db.SaveChangesAsync();
        }

        // The background run writes inside a transaction while a page reads: the reader goes through and sees what was committed.
        await using var writer = Db.Open();
        await using var tx = await writer.Database.BeginTransactionAsync();
        writer.Runs.Add(Run(RunState.Running, Environment.ProcessId));
        await writer.SaveChangesAsync();
        await using (var reader = Db.Open())
            Assert.Equal(1, await reader.Runs.CountAsync());
        await tx.CommitAsync();
        await using (var reader = Db.Open())
            Assert.Equal(2, await reader.Runs.CountAsync());
    }

    [Fact]
    public async Task RunsLeftRunningByAGoneProcessAreMarkedInterrupted()
    {
        using var alive = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "30"))!;
        try
        {
            await using (var db = Db.Open())
            {
                db.Runs.AddRange(Run(RunState.Running, 999_999_999), Run(RunState.Queued, null), Run(RunState.Running, alive.Id), Run(RunState.Completed, 999_999_999));
                await db.SaveChangesAsync();
            }
            Assert.Equal(2, RunJanitor.MarkInterrupted(Options));
            await using var check = Db.Open();
            var states = await check.Runs.OrderBy(r => r.Id).Select(r => new { r.State, r.Error }).ToListAsync();
            Assert.Equal([RunState.Interrupted, RunState.Interrupted, RunState.Running, RunState.Completed], states.Select(s => s.State));
            Assert.Contains("999999999", states[0].Error);
            Assert.Equal(0, RunJanitor.MarkInterrupted(Options));
        }
        finally
        {
            alive.Kill();
        }
    }

    [Fact]
    public async Task TimesAreStoredAsUtcWhateverKindTheyCameWith()
    {
        // PostgreSQL's timestamptz refuses a DateTime whose kind is not UTC: default, parsed and local times are taken as UTC.
        var at = new DateTime(2026, 12, 6, 10, 30, 15, DateTimeKind.Utc);
        await using (var db = Db.Open())
        {
            db.Runs.Add(new RunEntity { Name = "unspecified", Preset = "p", Dataset = "d", DatasetRoot = "/d", ConfigJson = "{}", CreatedAt = DateTime.SpecifyKind(at, DateTimeKind.Unspecified),
                StartedAt = DateTime.SpecifyKind(at.AddSeconds(2), DateTimeKind.Unspecified) });
            db.Runs.Add(new RunEntity { Name = "utc", Preset = "p", Dataset = "d", DatasetRoot = "/d", ConfigJson = "{}", CreatedAt = at, StartedAt = at.AddSeconds(1) });
            db.Runs.Add(new RunEntity { Name = "default", Preset = "p", Dataset = "d", DatasetRoot = "/d", ConfigJson = "{}" });
            await db.SaveChangesAsync();
        }
        await using var read = Db.Open();
        var runs = await read.Runs.AsNoTracking().ToDictionaryAsync(r => r.Name);
        Assert.Equal(at, runs["unspecified"].CreatedAt);
        Assert.Equal(at.AddSeconds(2), runs["unspecified"].StartedAt);
        Assert.Equal(at, runs["utc"].CreatedAt);
        Assert.Equal(at.AddSeconds(1), runs["utc"].StartedAt);
        Assert.Equal(default, runs["default"].CreatedAt);
        // The searched range works on the stored values (the Runs page's "since" filters compare with UtcNow).
        Assert.Equal(2, await read.Runs.CountAsync(r => r.CreatedAt >= at.AddMinutes(-1)));
    }
}

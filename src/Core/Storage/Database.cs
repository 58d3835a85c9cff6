using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace MusicDashboard.Core.Storage;

/// <summary>Opens the database: one place for the connection, the provider (SQLite by default, PostgreSQL when configured),
/// SQLite's WAL mode and the migrations.</summary>
public static class Database
{
    /// <summary>Connection string for a database file; the pooled connections share the WAL journal, so the background run
    /// writes while pages read. The busy timeout makes a writer wait instead of failing with "database is locked".</summary>
    public static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Default,
        DefaultTimeout = 30,
        Pooling = true,
    }.ToString();

    /// <summary>The options of a SQLite file (what most tests and the embedded default use).</summary>
    public static DbContextOptions<MusicDbContext> Options(string path) => Options(DatabaseSettings.Sqlite(path));

    /// <summary>The options every caller uses for the configured database: <c>new MusicDbContext(options)</c> works on
    /// either provider.</summary>
    public static DbContextOptions<MusicDbContext> Options(DatabaseSettings settings)
    {
        var builder = new DbContextOptionsBuilder<MusicDbContext>();
        Configure(builder, settings);
        return builder.Options;
    }

    /// <summary>Points an options builder at the configured database (the dashboard's <c>AddDbContextFactory</c>).</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, DatabaseSettings settings) => settings.Provider switch
    {
        DatabaseProvider.PostgreSql => builder.UseNpgsql(settings.Connection),
        _ => builder.UseSqlite(ConnectionString(settings.Connection)),
    };

    /// <summary>The context that owns the provider's migration set: <see cref="MusicDbContext"/> for SQLite,
    /// <see cref="PostgresMusicDbContext"/> for PostgreSQL (only migrating, and checking the migrations, needs it).</summary>
    public static MusicDbContext MigrationContext(DatabaseSettings settings) => settings.Provider switch
    {
        DatabaseProvider.PostgreSql => new PostgresMusicDbContext(Options(settings)),
        _ => new MusicDbContext(Options(settings)),
    };

    /// <summary>Session advisory lock taken around PostgreSQL migrations ("musicdas" in ASCII).</summary>
    private const long MigrationLockKey = 0x6D75736963646173;

    /// <summary>Creates the database when it is missing and the user may, then migrates under an advisory lock, so that
    /// processes starting at once (dashboards, workers) migrate one after the other. EF Core's own migration lock was not
    /// enough here: four processes migrating an empty database at once failed with 'column "Device" of relation "Runs"
    /// already exists' (the ScaleOut migration applied twice; <c>DatabaseTests</c>).</summary>
    private static async Task MigratePostgresAsync(DatabaseSettings settings, CancellationToken ct)
    {
        await using var db = MigrationContext(settings);
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(ct))
        {
            try { await creator.CreateAsync(ct); }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
            {
                // Another process created it in the meantime.
            }
        }
        // Its own unpooled session: the lock is the session's, and goes with it whatever happens.
        await using var gate = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(settings.Connection) { Pooling = false }.ToString());
        await gate.OpenAsync(ct);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", gate) { CommandTimeout = 0 })
            await take.ExecuteNonQueryAsync(ct);
        await db.Database.MigrateAsync(ct);
        await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLockKey})", gate);
        await release.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The SQLite file's migrations, WAL mode and folder checks (<see cref="MigrateAsync(DatabaseSettings, CancellationToken)"/>).</summary>
    public static Task MigrateAsync(string path, CancellationToken ct = default) => MigrateAsync(DatabaseSettings.Sqlite(path), ct);

    /// <summary>Applies pending migrations (each provider has its own set: <see cref="MusicDbContext"/>'s for SQLite,
    /// <see cref="PostgresMusicDbContext"/>'s for PostgreSQL). Safe to call on every start, and from several processes at
    /// once (SQLite: EF Core's migration lock; PostgreSQL: an advisory lock as well). SQLite: creates the folder and switches the file to WAL. A folder that cannot
    /// be written, a database that cannot be opened or a PostgreSQL server that cannot be reached is a
    /// <see cref="StorageException"/> saying so in words.</summary>
    /// <remarks>WAL keeps the file consistent when the process is killed in the middle of a write: a transaction is in
    /// the database whole or not at all, and readers never wait for the run that writes. <c>synchronous</c> stays at
    /// SQLite's FULL for WAL (checked by the tests): every committed epoch is on disk, power loss included.</remarks>
    public static async Task MigrateAsync(DatabaseSettings settings, CancellationToken ct = default)
    {
        if (settings.Provider == DatabaseProvider.PostgreSql)
        {
            try
            {
                await MigratePostgresAsync(settings, ct);
            }
            catch (Exception e) when ((e is DbException or InvalidOperationException or TimeoutException) && StorageFault.Describe(e, "", settings.Name) is { } said)
            {
                throw new StorageException(said, e);
            }
            return;
        }
        var full = settings.Connection;
        var dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir)) StorageFault.EnsureWritable(dir, "the database folder");
        try
        {
            await using var db = MigrationContext(settings);
            await db.Database.MigrateAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        catch (SqliteException e) when (StorageFault.Describe(e, dir ?? full, full) is { } said)
        {
            throw new StorageException(said, e);
        }
    }
}

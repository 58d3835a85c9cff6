using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace MusicDashboard.Core.Storage;

/// <summary>Opens the SQLite database: one place for the connection string, WAL mode and migrations.</summary>
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

    public static DbContextOptions<MusicDbContext> Options(string path) =>
        new DbContextOptionsBuilder<MusicDbContext>().UseSqlite(ConnectionString(path)).Options;

    /// <summary>Creates the folder, applies pending migrations and switches the file to WAL. Safe to call on every start.
    /// A folder that cannot be written (read-only, full, a file) or a database that cannot be opened is a
    /// <see cref="StorageException"/> saying so in words.</summary>
    /// <remarks>WAL keeps the file consistent when the process is killed in the middle of a write: a transaction is in
    /// the database whole or not at all, and readers never wait for the run that writes. <c>synchronous</c> stays at
    /// SQLite's FULL for WAL (checked by the tests): every committed epoch is on disk, power loss included.</remarks>
    public static async Task MigrateAsync(string path, CancellationToken ct = default)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir)) StorageFault.EnsureWritable(dir, "the database folder");
        try
        {
            await using var db = new MusicDbContext(Options(path));
            await db.Database.MigrateAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        catch (SqliteException e) when (StorageFault.Describe(e, dir ?? full, full) is { } said)
        {
            throw new StorageException(said, e);
        }
    }
}

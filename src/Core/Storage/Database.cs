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

    /// <summary>Creates the folder, applies pending migrations and switches the file to WAL. Safe to call on every start.</summary>
    public static async Task MigrateAsync(string path, CancellationToken ct = default)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        await using var db = new MusicDbContext(Options(path));
        await db.Database.MigrateAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }
}

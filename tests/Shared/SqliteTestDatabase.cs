using Microsoft.Data.Sqlite;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Tests;

/// <summary>A SQLite file in a fresh temporary folder, deleted afterwards.</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _folder = Directory.CreateTempSubdirectory("musicdash-testdb-").FullName;

    protected override Task<DatabaseSettings> CreateAsync() => Task.FromResult(DatabaseSettings.Sqlite(Path.Combine(_folder, "music.db")));

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}

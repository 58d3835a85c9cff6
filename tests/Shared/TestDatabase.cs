using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Tests;

/// <summary>An empty, migrated database of one provider for one test: the tests that must hold on SQLite and PostgreSQL
/// alike take one of these (<see cref="SqliteTestDatabase"/>, <see cref="PostgresTestDatabase"/>) and use the same body.</summary>
public abstract class TestDatabase
{
    private DatabaseSettings? _settings;

    public DatabaseSettings Settings => _settings ?? throw new InvalidOperationException("the test database is not created yet (InitializeAsync)");
    public DbContextOptions<MusicDbContext> Options => Database.Options(Settings);
    public DatabaseProvider Provider => Settings.Provider;

    /// <summary>Creates the database and applies the migrations, as the program's start does.</summary>
    public async Task InitializeAsync()
    {
        _settings = await CreateAsync();
        await Database.MigrateAsync(_settings);
    }

    public MusicDbContext Open() => new(Options);

    protected abstract Task<DatabaseSettings> CreateAsync();
    public abstract Task DisposeAsync();
}

using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Tests;

/// <summary>
/// The base of a test class whose tests hold on both providers: the class is abstract with the test bodies, and has a
/// nested <c>Sqlite</c> and a nested <c>Postgres</c> subclass (the latter in <see cref="PostgresCollection"/>), so each
/// test runs once per provider, each time on a fresh migrated database.
/// </summary>
public abstract class DatabaseTest(TestDatabase database) : IAsyncLifetime
{
    protected TestDatabase Db { get; } = database;
    protected DbContextOptions<MusicDbContext> Options => Db.Options;

    public virtual Task InitializeAsync() => Db.InitializeAsync();
    public virtual Task DisposeAsync() => Db.DisposeAsync();
}

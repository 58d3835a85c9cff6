using MusicDashboard.Core.Storage;

namespace MusicDashboard.Tests;

/// <summary>A database of its own on the assembly's <see cref="PostgresServer"/>, dropped afterwards.</summary>
public sealed class PostgresTestDatabase(PostgresServer server) : TestDatabase
{
    private readonly string _name = $"test_{Guid.NewGuid():N}";

    protected override async Task<DatabaseSettings> CreateAsync() => DatabaseSettings.PostgreSql(await server.CreateDatabaseAsync(_name));

    public override Task DisposeAsync() => server.DropDatabaseAsync(_name);
}

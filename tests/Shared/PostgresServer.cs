namespace MusicDashboard.Tests;

/// <summary>The test assembly's PostgreSQL (<see cref="Core.Runtime.LocalPostgres"/>: a throwaway cluster from Debian's
/// binaries), one per test assembly (<see cref="PostgresCollection"/>); each test class takes a database of its own.</summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private Core.Runtime.LocalPostgres? _server;

    private Core.Runtime.LocalPostgres Server => _server ?? throw new InvalidOperationException("the test PostgreSQL server is not started");

    public int Port => Server.Port;

    public string ConnectionString(string database) => Server.ConnectionString(database);

    public async Task InitializeAsync() => _server = await Core.Runtime.LocalPostgres.StartAsync();

    public Task<string> CreateDatabaseAsync(string name) => Server.CreateDatabaseAsync(name);

    public Task DropDatabaseAsync(string name) => Server.DropDatabaseAsync(name);

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

using Npgsql;

namespace MusicDashboard.Core.Runtime;

/// <summary>
/// A throwaway PostgreSQL cluster (the tests' and <c>bench scaleout</c>'s) from Debian's binaries (/usr/lib/postgresql/&lt;version&gt;/bin): initdb and the server
/// run as the <c>postgres</c> OS user when the tests run as root (initdb refuses root), data and socket folders under a
/// fresh temporary folder, listening on 127.0.0.1 only at a free port with trust authentication (nothing else can reach
/// it), fsync off (a test cluster need not survive a power cut). <see cref="CreateDatabaseAsync"/> gives each test its own
/// database; disposing stops the server and deletes the folder.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    public const string MissingBinaries = "PostgreSQL's server binaries (initdb, pg_ctl under /usr/lib/postgresql/<version>/bin) are not installed: " +
        "run ./test.sh, which installs Debian's postgresql package";

    private readonly string _folder = Directory.CreateTempSubdirectory("musicdash-pg-").FullName;
    private string _bin = "";
    private string? _user;

    public int Port { get; private set; }
    private string DataFolder => Path.Combine(_folder, "data");

    /// <summary>The connection string of a database of this server (the superuser, no password: trust on loopback).</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Timeout = 30, CommandTimeout = 60,
    }.ToString();

    private LocalPostgres() { }

    /// <summary>Starts a cluster and returns once it accepts connections.</summary>
    public static Task<LocalPostgres> StartAsync()
    {
        var server = new LocalPostgres();
        try { server.Start(); }
        catch
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        return Task.FromResult(server);
    }

    private void Start()
    {
        _bin = FindBinaries() ?? throw new InvalidOperationException(MissingBinaries);
        _user = ExternalCommand.IsRoot ? "postgres" : null;
        var sockets = Path.Combine(_folder, "sockets");
        Directory.CreateDirectory(sockets);
        if (_user is not null) ExternalCommand.Check("handing the throwaway cluster's folder to the postgres user", "chown", ["-R", $"{_user}:", _folder]);
        ExternalCommand.Check("initdb of the throwaway cluster", Path.Combine(_bin, "initdb"),
            ["-D", DataFolder, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"], _user);
        Port = LoopbackPort.Free();
        var options = $"-p {Port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
        // -w: pg_ctl returns once the server accepts connections (or says why it did not start, with the log).
        var (code, output) = ExternalCommand.Run(Path.Combine(_bin, "pg_ctl"), ["-D", DataFolder, "-o", options, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60", "start"], _user);
        if (code != 0)
        {
            var log = File.Exists(Path.Combine(_folder, "server.log")) ? File.ReadAllText(Path.Combine(_folder, "server.log")) : "";
            throw new InvalidOperationException($"the throwaway PostgreSQL server did not start on port {Port}: {output}\n{log}");
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var admin = new NpgsqlConnection(ConnectionString("postgres"));
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing what is still connected to it.</summary>
    public async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString(name)));
        await using var admin = new NpgsqlConnection(ConnectionString("postgres"));
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_bin.Length > 0 && File.Exists(Path.Combine(DataFolder, "postmaster.pid")))
            ExternalCommand.Run(Path.Combine(_bin, "pg_ctl"), ["-D", DataFolder, "-m", "immediate", "-w", "stop"], _user);
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>The newest installed server's bin folder, or null.</summary>
    public static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0).FirstOrDefault()
            : null;
}

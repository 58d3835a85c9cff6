using Npgsql;

namespace MusicDashboard.Core.Storage;

/// <summary>
/// The configured database: the provider and what <c>MusicDashboard:Database</c> means for it (the SQLite file, resolved
/// to a full path, or the Npgsql connection string). Every caller gets its context options from it through
/// <see cref="Database.Options(DatabaseSettings)"/>; a setting that cannot work is refused here in one line saying what to set.
/// </summary>
public sealed record DatabaseSettings
{
    public const string ProviderKey = "MusicDashboard:DatabaseProvider";
    public const string DatabaseKey = "MusicDashboard:Database";

    public DatabaseProvider Provider { get; }
    /// <summary>The SQLite file (full path) or the Npgsql connection string.</summary>
    public string Connection { get; }

    private DatabaseSettings(DatabaseProvider provider, string connection) => (Provider, Connection) = (provider, connection);

    public static DatabaseSettings Sqlite(string path) =>
        string.IsNullOrWhiteSpace(path)
            ? throw new StorageException($"{DatabaseKey} is empty: set it to the SQLite file to keep the runs in (default data/musicdash.db)")
            : new(DatabaseProvider.Sqlite, Path.GetFullPath(path));

    /// <summary>An Npgsql connection string (<c>Host=...;Port=5432;Database=musicdash;Username=...;Password=...</c>).</summary>
    public static DatabaseSettings PostgreSql(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new StorageException($"{DatabaseKey} is empty: with {ProviderKey} = postgresql set it to an Npgsql connection string " +
                "(Host=db.example;Port=5432;Database=musicdash;Username=musicdash;Password=...)");
        NpgsqlConnectionStringBuilder parsed;
        try { parsed = new NpgsqlConnectionStringBuilder(connectionString); }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            // The message names the key at fault, never the value (it may be the password).
            throw new StorageException($"{DatabaseKey} is not a valid PostgreSQL connection string ({FirstLine(e.Message)}): " +
                "write it as Host=...;Port=5432;Database=musicdash;Username=...;Password=...");
        }
        if (string.IsNullOrWhiteSpace(parsed.Host))
            throw new StorageException($"{DatabaseKey} names no Host: with {ProviderKey} = postgresql it is an Npgsql connection string such as " +
                "Host=db.example;Port=5432;Database=musicdash;Username=musicdash;Password=...");
        return new(DatabaseProvider.PostgreSql, connectionString);
    }

    /// <summary>The settings from the two configuration values; <paramref name="resolvePath"/> makes a relative SQLite path
    /// absolute (against the configuration folder).</summary>
    public static DatabaseSettings From(string? provider, string? database, Func<string, string> resolvePath) =>
        (provider ?? "").Trim().ToLowerInvariant() switch
        {
            "" or "sqlite" => Sqlite(string.IsNullOrWhiteSpace(database) ? "" : resolvePath(database.Trim())),
            "postgresql" or "postgres" => PostgreSql(database ?? ""),
            _ => throw new StorageException($"unknown {ProviderKey} '{provider!.Trim()}': set it to sqlite (the default: {DatabaseKey} is a file) " +
                $"or postgresql ({DatabaseKey} is then an Npgsql connection string)"),
        };

    /// <summary>What messages call the database: the SQLite file's path, or "PostgreSQL at host:port, database name"
    /// (never the password).</summary>
    public string Name => Provider switch
    {
        DatabaseProvider.PostgreSql when new NpgsqlConnectionStringBuilder(Connection) is var b =>
            $"PostgreSQL at {b.Host}:{b.Port}, database {b.Database ?? b.Username ?? "(the user's)"}",
        _ => Connection,
    };

    public override string ToString() => Name;

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}

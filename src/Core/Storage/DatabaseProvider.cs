namespace MusicDashboard.Core.Storage;

/// <summary>Which database engine holds the runs (<c>MusicDashboard:DatabaseProvider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>A SQLite file: the embedded, zero-configuration default.</summary>
    Sqlite,
    /// <summary>A PostgreSQL server through Npgsql: several dashboards and workers on one database.</summary>
    PostgreSql,
}

using System.Text.RegularExpressions;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MusicDashboard.Core.Storage;

/// <summary>
/// Says in words what a failed write means when the cause is the storage (a full disk, a read-only folder, a database that
/// cannot be opened), for run failures and for the start-up: "no space left on device writing the checkpoint ...",
/// "the data folder ... is read-only", "cannot connect to PostgreSQL at host:port ...". Anything else is not a storage
/// fault (null).
/// </summary>
public static partial class StorageFault
{
    // Linux errno values, which .NET keeps as the HResult of the IOException it raises for them.
    private const int Enospc = 28, Erofs = 30, Edquot = 122;
    // SQLite primary result codes.
    private const int SqliteReadOnly = 8, SqliteFull = 13, SqliteCantOpen = 14;

    /// <param name="dataFolder">The configured data folder, named in a read-only message.</param>
    /// <param name="databasePath">The database file (or <see cref="DatabaseSettings.Name"/> for PostgreSQL), named when the
    /// fault is the database's.</param>
    public static string? Describe(Exception e, string dataFolder, string databasePath)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case SqliteException { SqliteErrorCode: SqliteFull }:
                    return $"no space left on device writing the database {databasePath}: free some space, then resume the run";
                case SqliteException { SqliteErrorCode: SqliteReadOnly }:
                    return $"the database {databasePath} is read-only (is the data folder {dataFolder} read-only?): it cannot be written";
                case SqliteException { SqliteErrorCode: SqliteCantOpen }:
                    return $"the database {databasePath} cannot be opened: its folder is missing, read-only or not a folder";
                case PostgresException { SqlState: PostgresErrorCodes.DiskFull }:
                    return $"no space left on device writing the database ({databasePath}): free some space on the server, then resume the run";
                case PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction }:
                    return $"the database ({databasePath}) is read-only (a standby server?): it cannot be written";
                case PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification }:
                    return $"{databasePath} refused the login: check Username and Password in {DatabaseSettings.DatabaseKey}";
                case PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName }:
                    return $"{databasePath} does not exist on that server: create it (createdb) or name another in {DatabaseSettings.DatabaseKey}";
                case NpgsqlException n when n is not PostgresException && (n.InnerException is SocketException or TimeoutException || n.Message.StartsWith("Failed to connect", StringComparison.Ordinal)):
                    return $"cannot connect to {databasePath} ({FirstLine(n.InnerException?.Message ?? n.Message)}): is the server running, and is {DatabaseSettings.DatabaseKey} right?";
                case IOException io when io.HResult is Enospc or Edquot || io.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase):
                    return $"no space left on device writing {What(PathIn(io.Message), databasePath)}: free some space, then resume the run";
                case IOException io when io.HResult == Erofs || io.Message.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase):
                    return ReadOnly(dataFolder, PathIn(io.Message));
                case UnauthorizedAccessException denied:
                    return ReadOnly(dataFolder, PathIn(denied.Message), "is not writable by this user");
            }
        }
        return null;
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim().TrimEnd('.');

    private static string ReadOnly(string dataFolder, string? path, string how = "is read-only") =>
        $"the data folder {dataFolder} {how}" + (path is null ? "" : $": {path} cannot be written");

    private static string What(string? path, string databasePath) => path switch
    {
        null => "a file",
        _ when path.StartsWith(databasePath, StringComparison.Ordinal) => $"the database {databasePath}",
        _ when path.Contains($"{Path.DirectorySeparatorChar}checkpoint{Path.DirectorySeparatorChar}", StringComparison.Ordinal) => $"the checkpoint {path}",
        _ => path,
    };

    /// <summary>The path .NET puts in quotes at the end of an I/O error's message ("... : '/data/x'"), if any.</summary>
    private static string? PathIn(string message) => QuotedPath().Match(message) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex("'(/[^']*)'")]
    private static partial Regex QuotedPath();

    /// <summary>Refuses a folder the program must write to, in words: it cannot be created, is a file, is read-only or full.
    /// A probe file is written and removed (the only way to know, root included, where permission bits do not stop writes).</summary>
    /// <param name="label">What the folder is, for the message ("the data folder").</param>
    public static void EnsureWritable(string folder, string label)
    {
        if (File.Exists(folder)) throw new StorageException($"{label} {folder} is a file, not a folder: point the setting at a folder");
        var probe = Path.Combine(folder, $".write-test-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(probe, "musicdash");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            const string why = ": the dashboard keeps its database, run folders and feature cache there; give it a writable folder";
            var said = Describe(e, folder, "") switch
            {
                null => $"{label} {folder} cannot be written ({e.Message})",
                { } m when m.StartsWith("no space", StringComparison.Ordinal) => $"{label} {folder} has no space left on device",
                _ => $"{label} {folder} is read-only",
            };
            throw new StorageException(said + why, e);
        }
    }
}

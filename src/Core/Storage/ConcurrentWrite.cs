using Microsoft.EntityFrameworkCore;

namespace MusicDashboard.Core.Storage;

/// <summary>
/// Writes that read, decide and write while other processes may do the same to the same rows (dashboards and workers
/// sharing one PostgreSQL database: two dashboards starting at once both sync the collection and import its sidecars).
/// The loser's write fails whole (a unique index, or a row already gone) and it starts again from what is stored now.
/// </summary>
public static class ConcurrentWrite
{
    /// <summary>Attempts before the failure is let through.</summary>
    public const int Attempts = 3;

    /// <summary>Runs <paramref name="readDecideWrite"/> (one context of its own per attempt) again when another writer beat it.</summary>
    public static T Retry<T>(Func<T> readDecideWrite)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return readDecideWrite(); }
            catch (DbUpdateException) when (attempt < Attempts) { }
        }
    }
}

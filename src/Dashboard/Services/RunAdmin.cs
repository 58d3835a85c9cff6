using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Configuration;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Dashboard.Services;

/// <summary>Deletes runs with everything they own (epochs, metrics, assignments by cascade; the run's folder).</summary>
public sealed class RunAdmin(IDbContextFactory<MusicDbContext> dbFactory, AppPaths paths, RunQueue queue, RunBroker broker, ILogger<RunAdmin> log)
{
    /// <summary>Null when deleted; otherwise why not.</summary>
    public async Task<string?> DeleteAsync(int runId, CancellationToken ct = default)
    {
        if (queue.IsActive(runId)) return $"run {runId} is queued or running: cancel it first";
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var deleted = await db.Runs.Where(r => r.Id == runId).ExecuteDeleteAsync(ct);
            if (deleted == 0) return $"run {runId} does not exist";
        }
        broker.Forget(runId);
        var folder = RunBroker.RunFolder(paths, runId);
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogWarning("Run {Run} deleted, but its folder {Folder} could not be removed: {Message}", runId, folder, e.Message);
            return null;
        }
        log.LogInformation("Run {Run} deleted with its folder", runId);
        return null;
    }
}

using MusicDashboard.Core.Configuration;
using MusicDashboard.Core.Storage;
using MusicDashboard.Training.Models;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Services;

/// <summary>
/// Queues an interrupted run again to continue from its last checkpoint: the epochs after the checkpoint are trained again
/// (their old rows are dropped so the history holds each epoch once), then clustering and metrics run as usual. A run
/// without a checkpoint (cut short before the first one, or still waiting in the queue) starts again from the first epoch.
/// At start (<see cref="RecoverAtStartAsync"/>) it takes up the runs a previous process left unfinished.
/// </summary>
public sealed class RunResumer(RunStore store, RunQueue queue, RunBroker broker, AppPaths paths, ILogger<RunResumer> log)
{
    /// <summary>Null when queued, else why the run cannot be resumed.</summary>
    public async Task<string?> ResumeAsync(int runId, CancellationToken ct = default)
    {
        var folder = RunExecutor.CheckpointFolder(paths, runId);
        Checkpoint.State? saved = null;
        if (File.Exists(Path.Combine(folder, Checkpoint.StateFile)))
        {
            try { saved = Checkpoint.Read(folder); }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
            {
                return $"run #{runId} cannot be resumed: {e.Message}; start it again with the same settings (Duplicate)";
            }
        }
        var (run, problem) = await store.RequeueInterruptedAsync(runId, saved?.Epoch ?? 0, saved?.History ?? [], ct);
        if (run is null) return $"run #{runId} cannot be resumed: {problem}";
        var config = RunConfig.FromJson(run.ConfigJson);
        broker.Forget(runId);
        var how = saved is null
            ? "no checkpoint was saved: it starts again from the first epoch"
            : $"resuming from the checkpoint after epoch {saved.Epoch}";
        await queue.QueueAsync(run, config.Vae.Epochs, saved is null ? null : folder,
            new RunStateChangedEvent("queued", how),
            $"queued again: {run.Name}, {how} (of {config.Vae.Epochs})", ct);
        log.LogInformation("Run #{Id} queued again: {How}", runId, how);
        return null;
    }

    /// <summary>The start-up's recovery: runs a previous process left running resume from their last checkpoint, runs it
    /// left queued are queued again (oldest first), when <c>MusicDashboard:AutoResume</c> is on; otherwise, and for the
    /// CLI's runs, they are marked interrupted and wait for the resume action. A run cut short
    /// <see cref="RunJanitor.MaxRestarts"/> times while running is left interrupted with the reason. Runs whose process is
    /// still alive (another dashboard on the same database) are left alone.</summary>
    public async Task<StartupRecovery> RecoverAtStartAsync(CancellationToken ct = default)
    {
        StorageFault.EnsureWritable(paths.DataFolder, "the data folder");
        var recovery = store.RecoverOrphans(paths.Options.AutoResume);
        foreach (var id in recovery.ToResume)
        {
            var problem = await ResumeAsync(id, ct);
            if (problem is null) continue;
            store.Explain(id, $"interrupted: the previous process stopped before the run finished, and it could not be taken up again: {problem}");
            log.LogWarning("Run #{Id} was not resumed: {Problem}", id, problem);
        }
        if (recovery.ToResume.Count > 0)
            log.LogWarning("{Count} run(s) left unfinished by a previous process are taken up again: #{Ids}", recovery.ToResume.Count, string.Join(", #", recovery.ToResume));
        if (recovery.Interrupted.Count > 0)
            log.LogWarning("{Count} run(s) were interrupted by a previous stop and are marked so ({How}): #{Ids}", recovery.Interrupted.Count,
                paths.Options.AutoResume ? "runs of the command line" : "MusicDashboard:AutoResume is off", string.Join(", #", recovery.Interrupted));
        foreach (var id in recovery.GaveUp)
            log.LogError("Run #{Id} was cut short {Max} times while running and is no longer resumed automatically", id, RunJanitor.MaxRestarts);
        return recovery;
    }
}

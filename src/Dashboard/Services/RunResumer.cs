using MusicDashboard.Core.Configuration;
using MusicDashboard.Training.Models;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Services;

/// <summary>
/// Queues an interrupted run again to continue from its last checkpoint: the epochs after the checkpoint are trained again
/// (their old rows are dropped so the history holds each epoch once), then clustering and metrics run as usual.
/// </summary>
public sealed class RunResumer(RunStore store, RunQueue queue, RunBroker broker, AppPaths paths, ILogger<RunResumer> log)
{
    /// <summary>Null when queued, else why the run cannot be resumed.</summary>
    public async Task<string?> ResumeAsync(int runId, CancellationToken ct = default)
    {
        var folder = RunExecutor.CheckpointFolder(paths, runId);
        Checkpoint.State saved;
        try { saved = Checkpoint.Read(folder); }
        catch (ArgumentException e) { return $"run #{runId} cannot be resumed: {e.Message}"; }
        var (run, problem) = await store.RequeueInterruptedAsync(runId, saved.Epoch, ct);
        if (run is null) return problem;
        var config = RunConfig.FromJson(run.ConfigJson);
        broker.Forget(runId);
        await queue.QueueAsync(run, config.Vae.Epochs, folder,
            new RunStateChangedEvent("queued", $"resuming from the checkpoint after epoch {saved.Epoch}"),
            $"resuming {run.Name} from its checkpoint after epoch {saved.Epoch} of {config.Vae.Epochs}", ct);
        log.LogInformation("Run #{Id} queued to resume after epoch {Epoch}", runId, saved.Epoch);
        return null;
    }
}

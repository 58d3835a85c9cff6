using Hangfire;
using MusicDashboard.Core.Configuration;
using MusicDashboard.Dashboard.Services;
using MusicDashboard.Training.Models;

namespace MusicDashboard.Dashboard.ScaleOut;

/// <summary>
/// A run as a Hangfire job, executed by a <c>musicdash worker</c>. The job is the run's id: whichever worker takes it
/// continues the run from its last checkpoint in the shared data folder when there is one, so the same job serves a fresh
/// run, a run left queued by a worker that stopped in an orderly way (Hangfire gives the job back at once), and a run whose
/// worker died (Hangfire gives the job to another worker once the dead one's heartbeat is
/// <see cref="ScaleOutSettings.DeadWorkerSeconds"/> old).
/// </summary>
/// <remarks>Hangfire's own retries are off: a run's failure is recorded as the run's end, not tried again.</remarks>
public sealed class RunJob(RunStore store, RunExecutor executor, RunBroker broker, AppPaths paths, WorkerIdentity worker,
    IHostApplicationLifetime lifetime, ILogger<RunJob> log)
{
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("run #{0}")]
    public void Execute(int runId, CancellationToken cancellationToken)
    {
        var folder = RunExecutor.CheckpointFolder(paths, runId);
        Checkpoint.State? saved = null;
        if (File.Exists(Path.Combine(folder, Checkpoint.StateFile)))
        {
            try { saved = Checkpoint.Read(folder); }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
            {
                log.LogWarning("Run #{Id}: its checkpoint cannot be read ({Message}); it starts from the first epoch", runId, e.Message);
            }
        }
        var claim = store.ClaimForWorker(runId, worker.Name, saved?.Epoch ?? 0, saved?.History ?? []);
        switch (claim.Kind)
        {
            case WorkerClaimKind.Gone:
                log.LogInformation("Run #{Id} is no longer queued or running: nothing to do", runId);
                return;
            case WorkerClaimKind.GaveUp:
                var why = $"interrupted: cut short {Core.Storage.RunJanitor.MaxRestarts} times while running (last on {claim.Previous}); it is no longer taken up automatically";
                Say(runId, "run", why);
                broker.Publish(new RunStateChangedEvent("interrupted", why) { RunId = runId });
                log.LogError("Run #{Id}: {Why}", runId, why);
                return;
            case WorkerClaimKind.TakenOver:
                Say(runId, "worker", $"{claim.Previous ?? "its worker"} stopped answering while running it: {worker.Name} takes it up " +
                    (saved is null ? "from the first epoch (no checkpoint was saved)" : $"from the checkpoint after epoch {saved.Epoch}"));
                break;
            default:
                Say(runId, "worker", $"taken by {worker.Name} ({worker.Device})" +
                    (saved is null ? "" : $", continuing from the checkpoint after epoch {saved.Epoch}"));
                break;
        }
        log.LogInformation("Run #{Id}: {Kind} on {Worker}", runId, claim.Kind, worker.Name);
        var stopping = lifetime.ApplicationStopping;
        executor.Execute(runId, saved is null ? null : folder, cancellationToken, stopping);
        // The worker is stopping and left the run queued for the next one: Hangfire gives the job back only when it ends
        // with a cancellation, not when it returns.
        if (stopping.IsCancellationRequested && store.Read(runId).State == Core.Storage.RunState.Queued)
            throw new OperationCanceledException($"run #{runId} is left to the next worker: {worker.Name} is stopping", stopping);
    }

    /// <summary>A line of the run's log, stored with it and shown live.</summary>
    private void Say(int runId, string stage, string message)
    {
        var recorder = store.Recorder(runId);
        new Training.Pipeline.CompositeObserver(recorder, new BrokerObserver(broker, runId)).Log(stage, message);
        recorder.FlushLog();
    }
}

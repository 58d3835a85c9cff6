using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;
using MusicDashboard.Training.Models;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Services;

/// <summary>The queue's writes of a run's row: stored as queued, started, put back in the queue to resume. What the run
/// produces (epochs, metrics, assignments, its end) is the <see cref="RunRecorder"/>'s.</summary>
public sealed class RunStore(IDbContextFactory<MusicDbContext> dbFactory, DbContextOptions<MusicDbContext> dbOptions)
{
    /// <summary>Stores a new run as queued (the row built by <see cref="RunRecorder.NewRun"/>, as the CLI's runs are).</summary>
    public async Task<RunEntity> AddQueuedAsync(RunConfig config, string datasetName, string datasetRoot, CancellationToken ct, int? studyId = null)
    {
        // Ours while queued: a restart finds it orphaned and marks it interrupted instead of leaving it queued forever.
        var run = RunRecorder.NewRun(config, datasetName, datasetRoot, RunState.Queued);
        run.StudyId = studyId;
        run.QueuedByDashboard = true; // a restart takes it up again (MusicDashboard:AutoResume)
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Runs.Add(run);
        await db.SaveChangesAsync(ct);
        return run;
    }

    /// <summary>An interrupted run queued again to continue after <paramref name="checkpointEpoch"/> (0: from the start).
    /// The epochs after it are dropped (they are trained again, and the history holds each epoch once); epochs up to it
    /// that the database lacks are taken from the checkpoint's own history, so the history is 1..checkpoint with no gap.
    /// Returns the run, or why it cannot be resumed.</summary>
    public async Task<(RunEntity? Run, string? Problem)> RequeueInterruptedAsync(int runId, int checkpointEpoch, IReadOnlyList<EpochReport> history, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.Runs.SingleOrDefaultAsync(r => r.Id == runId, ct);
        if (found is null) return (null, $"run #{runId} does not exist");
        if (found.State != RunState.Interrupted) return (null, $"run #{runId} is {RunStates.Name(found.State)}: only an interrupted run is resumed");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        TrimToCheckpoint(db, runId, checkpointEpoch, history);
        found.State = RunState.Queued;
        found.Error = null;
        found.FinishedAt = null;
        found.OwnerProcessId = Environment.ProcessId;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (found, null);
    }

    /// <summary>The epochs after the checkpoint are dropped (they are trained again); those up to it that the database lacks
    /// come from the checkpoint's own history, so the history is 1..checkpoint with no gap.</summary>
    private static void TrimToCheckpoint(MusicDbContext db, int runId, int checkpointEpoch, IReadOnlyList<EpochReport> history)
    {
        db.Epochs.Where(e => e.RunId == runId && e.Epoch > checkpointEpoch).ExecuteDelete();
        var stored = db.Epochs.Where(e => e.RunId == runId).Select(e => e.Epoch).ToList();
        foreach (var e in history.Where(h => h.Epoch <= checkpointEpoch && !stored.Contains(h.Epoch)))
            db.Epochs.Add(new EpochEntity
            {
                RunId = runId, Epoch = e.Epoch, Loss = e.Loss, Reconstruction = e.Reconstruction, Kl = e.Kl, ValidationLoss = e.ValidationLoss, Beta = e.Beta, Seconds = e.Seconds,
            });
    }

    /// <summary>A worker takes the run (scale-out): a queued run is claimed for <paramref name="worker"/>; a run found
    /// running was cut short on another worker (killed, its machine lost) and counts a restart; either way its epochs are
    /// trimmed to the checkpoint it continues from. A finished or cancelled run is left alone, and a run cut short more
    /// than <see cref="RunJanitor.MaxRestarts"/> times is marked interrupted with the reason instead of trying again.</summary>
    public WorkerClaim ClaimForWorker(int runId, string worker, int checkpointEpoch, IReadOnlyList<EpochReport> history)
    {
        using var db = new MusicDbContext(dbOptions);
        using var tx = db.Database.BeginTransaction();
        var found = db.Runs.SingleOrDefault(r => r.Id == runId);
        if (found is null) return new WorkerClaim(WorkerClaimKind.Gone, null);
        if (found.State is not (RunState.Queued or RunState.Running)) return new WorkerClaim(WorkerClaimKind.Gone, found.Worker);
        var previous = found.Worker;
        var cutShort = found.State == RunState.Running;
        if (cutShort && ++found.Restarts > RunJanitor.MaxRestarts)
        {
            found.State = RunState.Interrupted;
            found.FinishedAt = DateTime.UtcNow;
            found.Error = $"interrupted: cut short {RunJanitor.MaxRestarts} times while running (last on {previous}); it is no longer taken up automatically. Resume it once the cause is known";
            db.SaveChanges();
            tx.Commit();
            return new WorkerClaim(WorkerClaimKind.GaveUp, previous);
        }
        TrimToCheckpoint(db, runId, checkpointEpoch, history);
        found.State = RunState.Running;
        found.Error = null;
        found.Worker = worker;
        found.OwnerProcessId = Environment.ProcessId;
        db.SaveChanges();
        tx.Commit();
        return new WorkerClaim(cutShort ? WorkerClaimKind.TakenOver : WorkerClaimKind.Claimed, previous);
    }

    /// <summary>The server is stopping in an orderly way while the run goes (auto-resume on): it is left queued with the
    /// reason, so the next start takes it up again from its last checkpoint, without counting a crash.</summary>
    public void LeaveQueuedForNextStart(int runId, string message)
    {
        using var db = new MusicDbContext(dbOptions);
        var entity = db.Runs.Single(r => r.Id == runId);
        entity.State = RunState.Queued;
        entity.Error = message;
        db.SaveChanges();
    }

    /// <summary>Replaces the stored reason of a run (a resume at start that could not be done says why).</summary>
    public void Explain(int runId, string message)
    {
        using var db = new MusicDbContext(dbOptions);
        db.Runs.Where(r => r.Id == runId).ExecuteUpdate(u => u.SetProperty(r => r.Error, message));
    }

    /// <summary>The start-up's decision about the runs a previous process left unfinished (<see cref="RunJanitor.Recover"/>).</summary>
    public StartupRecovery RecoverOrphans(bool autoResume) => RunJanitor.Recover(dbOptions, autoResume);

    /// <summary>The stored run (on the run's own thread: synchronous).</summary>
    public RunEntity Read(int runId)
    {
        using var db = new MusicDbContext(dbOptions);
        return db.Runs.AsNoTracking().Single(r => r.Id == runId);
    }

    /// <summary>Marks the run running, owned by this process.</summary>
    public void MarkRunning(int runId)
    {
        using var db = new MusicDbContext(dbOptions);
        var entity = db.Runs.Single(r => r.Id == runId);
        entity.State = RunState.Running;
        entity.StartedAt = DateTime.UtcNow;
        entity.OwnerProcessId = Environment.ProcessId;
        db.SaveChanges();
    }

    /// <summary>The run's recorded epochs, in order.</summary>
    public IReadOnlyList<EpochEntity> Epochs(int runId)
    {
        using var db = new MusicDbContext(dbOptions);
        return db.Epochs.AsNoTracking().Where(e => e.RunId == runId).OrderBy(e => e.Epoch).ToList();
    }

    /// <summary>Stores a new study started on the dashboard (no out folder) and returns its id.</summary>
    public int AddStudy(StudyPlan plan, string datasetName, string datasetRoot) => StudyRecorder.Create(dbOptions, plan, datasetName, datasetRoot, null);

    /// <summary>After a run ended: its study's table when that was its last run (<see cref="StudyRecorder.RunEnded"/>).</summary>
    public void FinishStudyOf(int runId) => StudyRecorder.RunEnded(dbOptions, runId, Cli.ReproduceVerb.SoftwareVersion());

    /// <summary>A recorder of the run's progress and end.</summary>
    public RunRecorder Recorder(int runId) => new(dbOptions, runId);

    /// <summary>Lyrics for the run: Whisper transcripts when the collection job made them, else the sidecar lyrics.</summary>
    public TranscriptLyricsSource Lyrics(string datasetRoot) => new(dbOptions, datasetRoot);
}

namespace MusicDashboard.Dashboard.Services;

/// <summary>What a worker found when it took a run (<see cref="RunStore.ClaimForWorker"/>).</summary>
/// <param name="Previous">The worker that had the run before, if any.</param>
public sealed record WorkerClaim(WorkerClaimKind Kind, string? Previous);

public enum WorkerClaimKind
{
    /// <summary>Queued: this worker executes it.</summary>
    Claimed,
    /// <summary>Found running: its worker died; this one continues it from the checkpoint.</summary>
    TakenOver,
    /// <summary>Cut short too often: marked interrupted, not executed.</summary>
    GaveUp,
    /// <summary>Deleted, finished or cancelled: nothing to do.</summary>
    Gone,
}

namespace MusicDashboard.Dashboard.Services;

/// <summary>The queued run's id, or the field problems that kept it out of the queue.</summary>
public sealed record EnqueueResult(int? RunId, IReadOnlyList<FieldProblem> Problems)
{
    public bool Accepted => RunId is not null;
}

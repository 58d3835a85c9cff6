namespace MusicDashboard.Dashboard.Services;

/// <summary>2-D points of every clip for one method. <see cref="Clusters"/> is null while training (no clustering yet);
/// <see cref="Genres"/> is each clip's genre label (null entries for clips without one; null when not sent, e.g. a
/// projection rebuilt from the database), so the scatter can colour by genre while training.</summary>
public sealed record ProjectionUpdatedEvent(string Method, int Epoch, bool Final, string Technique, double[] X, double[] Y, int[]? Clusters) : RunEvent
{
    public string?[]? Genres { get; init; }
}

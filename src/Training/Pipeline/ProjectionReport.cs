namespace MusicDashboard.Training.Pipeline;

/// <summary>2-D points of every clip for one method. <paramref name="Clusters"/> is null while training (no clustering yet).
/// <see cref="Genres"/> is each clip's genre (null for a clip without one; the whole array null when not known).</summary>
public sealed record ProjectionReport(string Method, int Epoch, bool Final, string Technique, double[][] Points, int[]? Clusters)
{
    public string?[]? Genres { get; init; }
}

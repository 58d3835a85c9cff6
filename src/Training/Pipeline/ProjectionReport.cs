namespace MusicDashboard.Training.Pipeline;

/// <summary>2-D points of every clip for one method. <paramref name="Clusters"/> is null while training (no clustering yet).</summary>
public sealed record ProjectionReport(string Method, int Epoch, bool Final, string Technique, double[][] Points, int[]? Clusters);

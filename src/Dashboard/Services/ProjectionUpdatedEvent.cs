namespace MusicDashboard.Dashboard.Services;

/// <summary>2-D points of every clip for one method. <see cref="Clusters"/> is null while training (no clustering yet).</summary>
public sealed record ProjectionUpdatedEvent(string Method, int Epoch, bool Final, string Technique, double[] X, double[] Y, int[]? Clusters) : RunEvent;

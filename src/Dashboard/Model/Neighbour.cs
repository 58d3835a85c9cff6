namespace MusicDashboard.Dashboard.Model;

/// <summary>A track that "sounds like" another: its distance between the two tracks' latent means in the run.</summary>
public sealed record Neighbour(int TrackId, string File, string Title, string? Genre, int? Cluster, double Distance);

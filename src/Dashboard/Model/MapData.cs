namespace MusicDashboard.Dashboard.Model;

/// <summary>
/// A run's map: every track once, in the chosen projection (computed from the stored latent means), with its cluster of
/// the chosen method. <see cref="FromLatents"/> is false for runs stored without latents: the points are then the run's own
/// stored projection of that method, and <see cref="Note"/> says so.
/// </summary>
public sealed record MapData(int RunId, string Projection, string ProjectionLabel, string? Method, IReadOnlyList<string> Methods,
    bool FromLatents, string? Note, IReadOnlyList<MapPoint> Points, double ProjectionSeconds);

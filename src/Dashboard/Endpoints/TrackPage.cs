namespace MusicDashboard.Dashboard.Endpoints;

/// <summary>The body of <c>GET /api/tracks</c>: the filters as applied, how many tracks match, and one page of them.</summary>
public sealed record TrackPage(int? Run, string? Method, IReadOnlyList<int> Clusters, IReadOnlyList<string> Genres, int Total, int Page, int PageSize,
    IReadOnlyList<TrackItem> Tracks);

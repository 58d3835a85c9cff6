namespace MusicDashboard.Dashboard.Endpoints;

/// <summary>The body of <c>GET /api/runs</c>: how many runs match, the page asked for, and the filters as understood.</summary>
public sealed record RunListPage(int Total, int Offset, int? Limit, string Sort, string Metrics, IReadOnlyList<RunListItem> Runs);

namespace MusicDashboard.Dashboard.Model;

/// <summary>What saving a playlist gave: its id, or the problems by field ("name", "trackIds", "runId") in words.</summary>
public sealed record PlaylistSaveResult(int? Id, IReadOnlyDictionary<string, string[]> Problems)
{
    public bool Saved => Id is not null;
}

namespace MusicDashboard.Core.Storage;

/// <summary>One track of a playlist at its position (0-based; the order the M3U plays).</summary>
public sealed class PlaylistTrackEntity
{
    public long Id { get; set; }
    public int PlaylistId { get; set; }
    public int Position { get; set; }
    public int TrackId { get; set; }
}

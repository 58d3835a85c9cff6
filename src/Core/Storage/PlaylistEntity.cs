namespace MusicDashboard.Core.Storage;

/// <summary>A named, ordered list of tracks (made on the map from a selection, or through the API).</summary>
public sealed class PlaylistEntity
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The run whose map the selection was made on, when there was one (kept when that run is deleted).</summary>
    public int? RunId { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<PlaylistTrackEntity> Tracks { get; set; } = [];
}

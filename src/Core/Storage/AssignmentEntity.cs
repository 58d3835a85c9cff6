namespace MusicDashboard.Core.Storage;

/// <summary>Where one clip of a track landed for one method of a run: its cluster and its 2-D projection.</summary>
public sealed class AssignmentEntity
{
    public long Id { get; set; }
    public int RunId { get; set; }
    public required string Method { get; set; }
    public int TrackId { get; set; }
    public int ClipIndex { get; set; }
    public double OffsetSeconds { get; set; }
    public int Cluster { get; set; }
    public double X { get; set; }
    public double Y { get; set; }
}

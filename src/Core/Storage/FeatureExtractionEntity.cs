namespace MusicDashboard.Core.Storage;

/// <summary>
/// A collection's features computed ahead of its runs, in shards spread over the scale-out workers
/// (docs/scale-out.md): each shard is a list of tracks that one worker puts into the shared feature cache, where every
/// later run on the collection reads them instead of decoding again.
/// </summary>
public sealed class FeatureExtractionEntity
{
    public int Id { get; set; }
    public required string Dataset { get; set; }
    public required string DatasetRoot { get; set; }
    /// <summary>The preset whose features are computed (its clips, MFCC and summary settings: what its runs read).</summary>
    public required string Preset { get; set; }
    public DateTime CreatedAt { get; set; }
    public int Tracks { get; set; }
    public List<FeatureShardEntity> Shards { get; set; } = [];
}

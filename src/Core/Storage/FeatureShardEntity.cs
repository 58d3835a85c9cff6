namespace MusicDashboard.Core.Storage;

/// <summary>One shard of a <see cref="FeatureExtractionEntity"/>: its tracks, the worker that computed them and what
/// it found. <see cref="State"/> goes queued, running, then completed or failed.</summary>
public sealed class FeatureShardEntity
{
    public int Id { get; set; }
    public int ExtractionId { get; set; }
    /// <summary>0-based position of the shard in the collection's file order.</summary>
    public int Index { get; set; }
    /// <summary>The shard's files, relative to the collection's root, as a JSON array.</summary>
    public required string FilesJson { get; set; }
    public int Tracks { get; set; }
    public RunState State { get; set; }
    public string? JobId { get; set; }
    /// <summary>The worker that computed the shard (the last one, when a shard had to be taken up again).</summary>
    public string? Worker { get; set; }
    /// <summary>Times a worker started the shard (more than one only when a worker died or stopped while at it).</summary>
    public int Attempts { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    /// <summary>Clips whose features came from the cache, and clips computed.</summary>
    public int CacheHits { get; set; }
    public int Computed { get; set; }
    public int Skipped { get; set; }
    public string? Error { get; set; }
}

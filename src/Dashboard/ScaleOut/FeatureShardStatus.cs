namespace MusicDashboard.Dashboard.ScaleOut;

/// <summary>One shard of a feature extraction: its tracks, who computed them, and what the cache held. <see cref="Files"/>
/// is empty in the list of recent extractions (the Workers page), filled for one extraction.</summary>
public sealed record FeatureShardStatus(int Index, string State, int Tracks, IReadOnlyList<string> Files, string? Worker, int Attempts,
    DateTime? StartedAt, DateTime? FinishedAt, int CacheHits, int Computed, int Skipped, string? Error);

namespace MusicDashboard.Core.Features;

/// <summary>Counts of one extraction: entries read, computed (and written), and found corrupt (and recomputed).</summary>
public sealed record FeatureCacheStats(int Hits, int Misses, int Corrupt);

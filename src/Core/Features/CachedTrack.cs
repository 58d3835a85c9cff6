namespace MusicDashboard.Core.Features;

/// <summary>The clips of one track as the cache stores them: each clip's offset and feature vector.</summary>
public sealed record CachedTrack(double[] Offsets, float[][] Features);

namespace MusicDashboard.Core.Features;

/// <summary>What one pass over a collection produced: a table per requested feature (same clips, same order) and the
/// clips' log-mel images when they were asked for.</summary>
public sealed record CollectionFeatureSet(IReadOnlyList<ClipFeatureTable> Tables, LogMelImageTable? Images);

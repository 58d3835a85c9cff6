namespace MusicDashboard.Core.Datasets;

/// <summary>The files of a collection. <paramref name="HasAudio"/> is false for a feature table, whose tracks are rows of
/// a CSV: nothing to decode or play.</summary>
public sealed record DatasetScan(string Name, string Root, IReadOnlyList<TrackFile> Files, IReadOnlyList<string> Genres, bool HasAudio = true);

namespace MusicDashboard.Core.Datasets;

/// <summary>An audio file found in a collection, before decoding.</summary>
public sealed record TrackFile(string FullPath, string RelativePath, string? Genre, string? SidecarLyricsPath, long SizeBytes);

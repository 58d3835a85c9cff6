using MusicDashboard.Core.Datasets;

namespace MusicDashboard.Core.Features;

/// <summary>One 10-second clip of a track, the unit the study clusters.</summary>
public sealed record ClipInfo(int TrackIndex, TrackFile Track, int ClipIndex, double OffsetSeconds);

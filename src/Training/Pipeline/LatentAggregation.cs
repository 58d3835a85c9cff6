using MusicDashboard.Core.Audio;

namespace MusicDashboard.Training.Pipeline;

/// <summary>Per-clip representations, or the mean over a track's clips (each clip then carries its track's mean).</summary>
public enum LatentAggregation { Clip, TrackMean }

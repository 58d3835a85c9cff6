namespace MusicDashboard.Core.Audio;

/// <summary>What an audio file holds, as the track catalogue records it: its duration, its own sample rate and its channel
/// count (before any mixing down or resampling).</summary>
public sealed record AudioFacts(double DurationSeconds, int SampleRate, int Channels);

namespace MusicDashboard.Core.Audio;

/// <summary>Decoded audio, mixed down to mono, samples in [-1, 1].</summary>
public sealed record AudioBuffer(float[] Samples, int SampleRate, int OriginalChannels)
{
    public double DurationSeconds => SampleRate <= 0 ? 0 : (double)Samples.Length / SampleRate;
}

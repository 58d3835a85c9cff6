namespace MusicDashboard.Core.Audio;

/// <summary>Decoded audio, mixed down to mono, samples in [-1, 1].</summary>
public sealed record AudioBuffer(float[] Samples, int SampleRate, int OriginalChannels)
{
    private readonly AudioFacts? _file;

    public double DurationSeconds => SampleRate <= 0 ? 0 : (double)Samples.Length / SampleRate;

    /// <summary>What the file itself holds: set by the loader when it resampled, else these samples' own facts.</summary>
    public AudioFacts File
    {
        get => _file ?? new AudioFacts(DurationSeconds, SampleRate, OriginalChannels);
        init => _file = value;
    }
}

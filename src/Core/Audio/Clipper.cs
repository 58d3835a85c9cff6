namespace MusicDashboard.Core.Audio;

/// <summary>How a track is cut into clips: fixed windows of <see cref="Seconds"/> every <see cref="HopSeconds"/>; the last
/// partial window is dropped, or zero-padded when <see cref="PadLast"/>.</summary>
public sealed record ClipPolicy(double Seconds = 10, double HopSeconds = 10, bool PadLast = false);

public sealed record Clip(int Index, double OffsetSeconds, float[] Samples);

public static class Clipper
{
    public static IReadOnlyList<Clip> Cut(AudioBuffer audio, ClipPolicy policy)
    {
        if (!(policy.Seconds > 0) || !(policy.HopSeconds > 0)) throw new ArgumentException("clip length and hop must be positive");
        var length = (int)Math.Round(policy.Seconds * audio.SampleRate);
        var hop = (int)Math.Round(policy.HopSeconds * audio.SampleRate);
        var clips = new List<Clip>();
        for (var start = 0; start < audio.Samples.Length; start += hop)
        {
            var available = audio.Samples.Length - start;
            if (available < length && !policy.PadLast) break;
            var samples = new float[length];
            Array.Copy(audio.Samples, start, samples, 0, Math.Min(length, available));
            clips.Add(new Clip(clips.Count, (double)start / audio.SampleRate, samples));
            if (available <= length) break;
        }
        return clips;
    }
}

namespace MusicDashboard.Core.Audio;

/// <summary>
/// How a track is cut into clips (views): windows of <see cref="Seconds"/> every <see cref="HopSeconds"/>.
/// <para><see cref="MinViews"/>: when the hop gives a track fewer windows than this, the windows are spread evenly over
/// the track instead (they overlap more), so a 15-s track yields as many views as asked of a 30-s one.</para>
/// <para>A track shorter than one window is looped (<see cref="LoopShort"/>, default): its samples repeat until the window
/// is full, and its views start at evenly spaced points of the loop. So a collection of 2-3 s excerpts loses no file;
/// only tracks shorter than <see cref="MinimumSeconds"/> are skipped. With <see cref="PadLast"/> the last partial window
/// (and a short track) is zero-padded instead, the study's original behaviour.</para>
/// </summary>
public sealed record ClipPolicy(double Seconds = 10, double HopSeconds = 10, bool PadLast = false, int MinViews = 1, bool LoopShort = true)
{
    /// <summary>Shortest track that is looped rather than skipped: below this there is no music to describe.</summary>
    public const double MinimumSeconds = 0.5;

    public IEnumerable<string> Problems()
    {
        if (!(Seconds > 0) || !(HopSeconds > 0)) yield return "clip length and hop must be positive";
        if (MinViews is < 1 or > 64) yield return "views per track must be between 1 and 64";
    }

    /// <summary>Whether a track of this length is looped to fill one window.</summary>
    public bool Loops(double trackSeconds) => LoopShort && !PadLast && trackSeconds <= Seconds && trackSeconds >= MinimumSeconds;
}

public sealed record Clip(int Index, double OffsetSeconds, float[] Samples);

public static class Clipper
{
    public static IReadOnlyList<Clip> Cut(AudioBuffer audio, ClipPolicy policy)
    {
        if (policy.Problems().FirstOrDefault() is { } problem) throw new ArgumentException(problem);
        var length = (int)Math.Round(policy.Seconds * audio.SampleRate);
        var hop = (int)Math.Round(policy.HopSeconds * audio.SampleRate);
        var n = audio.Samples.Length;
        if ((n < length || (n == length && policy.MinViews > 1)) && policy.Loops(audio.DurationSeconds)) return Looped(audio, length, Math.Max(1, policy.MinViews));

        var starts = new List<int>();
        for (var start = 0; start < n; start += hop)
        {
            var available = n - start;
            if (available < length && !policy.PadLast) break;
            starts.Add(start);
            if (available <= length) break;
        }
        if (starts.Count > 0 && starts.Count < policy.MinViews && n > length)
        {
            // Too few windows at this hop: spread MinViews windows evenly from the start to the last full window.
            var last = n - length;
            starts = Enumerable.Range(0, policy.MinViews).Select(i => (int)Math.Round((double)last * i / (policy.MinViews - 1))).Distinct().ToList();
        }
        return starts.Select((start, i) =>
        {
            var samples = new float[length];
            Array.Copy(audio.Samples, start, samples, 0, Math.Min(length, n - start));
            return new Clip(i, (double)start / audio.SampleRate, samples);
        }).ToList();
    }

    /// <summary>Views of a track shorter than one window: the track repeated to the window's length, starting at
    /// <paramref name="views"/> evenly spaced points of the track.</summary>
    private static IReadOnlyList<Clip> Looped(AudioBuffer audio, int length, int views)
    {
        var n = audio.Samples.Length;
        var clips = new List<Clip>();
        foreach (var start in Enumerable.Range(0, views).Select(i => (int)((long)n * i / views)).Distinct())
        {
            var samples = new float[length];
            for (var j = 0; j < length; j++) samples[j] = audio.Samples[(start + j) % n];
            clips.Add(new Clip(clips.Count, (double)start / audio.SampleRate, samples));
        }
        return clips;
    }
}

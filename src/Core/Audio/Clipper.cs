namespace MusicDashboard.Core.Audio;

public static class Clipper
{
    public static IReadOnlyList<Clip> Cut(AudioBuffer audio, ClipPolicy policy)
    {
        if (policy.Problems().FirstOrDefault() is { Message: { } problem }) throw new ArgumentException(problem);
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

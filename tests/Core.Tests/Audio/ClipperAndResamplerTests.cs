using MusicDashboard.Core.Audio;

namespace MusicDashboard.Core.Tests.Audio;

public class ClipperAndResamplerTests
{
    private static AudioBuffer Ramp(int n, int rate = 22050) => new(Enumerable.Range(0, n).Select(i => i / (float)n).ToArray(), rate, 1);

    [Fact]
    public void ThirtySecondsGiveThreeExactTenSecondClips()
    {
        var clips = Clipper.Cut(Ramp(661500), new ClipPolicy());
        Assert.Equal(3, clips.Count);
        Assert.All(clips, c => Assert.Equal(220500, c.Samples.Length));
        Assert.Equal([0.0, 10.0, 20.0], clips.Select(c => c.OffsetSeconds));
        Assert.Equal(220500 / 661500f, clips[1].Samples[0]);
    }

    [Fact]
    public void PartialLastWindowIsDroppedOrPadded()
    {
        var audio = Ramp(22050 * 25);
        Assert.Equal(2, Clipper.Cut(audio, new ClipPolicy()).Count);
        var padded = Clipper.Cut(audio, new ClipPolicy(PadLast: true));
        Assert.Equal(3, padded.Count);
        Assert.Equal(0f, padded[2].Samples[^1]);
        Assert.NotEqual(0f, padded[2].Samples[0]);
        Assert.Empty(Clipper.Cut(Ramp(22050 * 4), new ClipPolicy(LoopShort: false)));
        Assert.Single(Clipper.Cut(Ramp(22050 * 4), new ClipPolicy(PadLast: true)));
        // Overlapping windows: 25 s with 10-s clips every 5 s start at 0, 5, 10 and 15 s.
        Assert.Equal([0.0, 5.0, 10.0, 15.0], Clipper.Cut(audio, new ClipPolicy(Seconds: 10, HopSeconds: 5)).Select(c => c.OffsetSeconds));
    }

    [Fact]
    public void ShortTracksGetSeveralViewsSpreadOverTheTrack()
    {
        // 16 s with 10-s windows every 10 s gives one window; MinViews 3 spreads three over 0..6 s.
        Assert.Equal([0.0, 3.0, 6.0], Clipper.Cut(Ramp(22050 * 16), new ClipPolicy(MinViews: 3)).Select(c => c.OffsetSeconds));
        // Enough windows at the hop: MinViews changes nothing.
        Assert.Equal([0.0, 1.5, 3.0], Clipper.Cut(Ramp(22050 * 6), new ClipPolicy(3, 1.5, MinViews: 2)).Select(c => c.OffsetSeconds));
    }

    [Fact]
    public void ExcerptsShorterThanAWindowAreLoopedNotLost()
    {
        var excerpt = Ramp(22050 * 2); // a 2-s excerpt, 3-s windows
        var views = Clipper.Cut(excerpt, new ClipPolicy(3, 1.5, MinViews: 4));
        Assert.Equal(4, views.Count);
        Assert.Equal([0.0, 0.5, 1.0, 1.5], views.Select(c => c.OffsetSeconds));
        Assert.All(views, v => Assert.Equal(66150, v.Samples.Length));
        // The loop: sample j of a view starting at s is the excerpt's sample (s + j) mod n.
        Assert.Equal(excerpt.Samples[11025 + 100], views[1].Samples[100]);
        Assert.Equal(excerpt.Samples[(11025 + 50000) % 44100], views[1].Samples[50000]);
        // One view when one is asked for; too short to describe: skipped.
        Assert.Single(Clipper.Cut(excerpt, new ClipPolicy(3, 1.5)));
        Assert.Empty(Clipper.Cut(Ramp(22050 / 4), new ClipPolicy(3, 1.5, MinViews: 4)));
        // Exactly one window long: several views are still circular shifts of it.
        Assert.Equal(4, Clipper.Cut(Ramp(22050 * 3), new ClipPolicy(3, 1.5, MinViews: 4)).Count);
    }

    private static float[] Sine(double hz, int rate, double seconds) =>
        Enumerable.Range(0, (int)(rate * seconds)).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * hz * i / rate))).ToArray();

    private static double Rms(ReadOnlySpan<float> x) { double s = 0; foreach (var v in x) s += v * v; return Math.Sqrt(s / x.Length); }

    [Fact]
    public void ResamplingKeepsInBandTonesAndRemovesAliases()
    {
        var kept = Resampler.Resample(Sine(1000, 44100, 1), 44100, 22050);
        Assert.Equal(22050, kept.Length);
        var middle = kept.AsSpan(2000, 18000);
        Assert.Equal(0.5 / Math.Sqrt(2), Rms(middle), 0.005 * 0.5);
        // Frequency: count zero crossings over the middle part (1000 Hz -> 2000 per second).
        var crossings = 0;
        for (var i = 1; i < middle.Length; i++) if (Math.Sign(middle[i]) != Math.Sign(middle[i - 1])) crossings++;
        Assert.InRange(crossings, 2000 * 18000 / 22050 - 2, 2000 * 18000 / 22050 + 2);

        var alias = Resampler.Resample(Sine(15000, 44100, 1), 44100, 22050);
        var attenuationDb = 20 * Math.Log10(Rms(alias.AsSpan(2000, 18000)) / (0.5 / Math.Sqrt(2)));
        Assert.True(attenuationDb < -40, $"a 15 kHz tone above the new Nyquist leaks at {attenuationDb:0.0} dB");

        var up = Resampler.Resample(Sine(440, 16000, 0.5), 16000, 22050);
        Assert.Equal(11025, up.Length);
        Assert.Equal(0.5 / Math.Sqrt(2), Rms(up.AsSpan(1000, 9000)), 0.005 * 0.5);
    }
}

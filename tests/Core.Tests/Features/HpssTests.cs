using MusicDashboard.Core.Features;
using MusicDashboard.Core.Runtime;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Tests.Features;

/// <summary>The HPSS building blocks on small inputs where the answer is known exactly.</summary>
public sealed class HpssTests
{
    /// <summary>scipy.ndimage.median_filter(mode='reflect') by brute force: d c b a | a b c d | d c b a, repeated.</summary>
    private static float BruteMedian(float[] line, int center, int kernel)
    {
        var n = line.Length;
        var values = Enumerable.Range(center - kernel / 2, kernel).Select(i =>
        {
            var m = ((i % (2 * n)) + 2 * n) % (2 * n);
            return line[m < n ? m : 2 * n - 1 - m];
        }).Order().ToArray();
        return values[kernel / 2];
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 5)]
    [InlineData(1, 31)] // longer than the time axis (9): the reflection repeats
    [InlineData(2, 3)]
    public void MedianFilterEqualsScipysReflectMode(int dim, int kernel)
    {
        _ = TorchRuntime.Device;
        var rng = new Random(11);
        var (b, t, f) = (2, 9, 13);
        // Rounded to a few levels, so ties (equal values in a window) occur.
        var data = Enumerable.Range(0, b * t * f).Select(_ => (float)Math.Round(rng.NextDouble() * 8) / 4).ToArray();
        using var scope = NewDisposeScope();
        var filtered = Hpss.MedianFilter(tensor(data, [b, t, f]), dim, kernel).data<float>().ToArray();
        for (var i = 0; i < b; i++)
            for (var j = 0; j < t; j++)
                for (var k = 0; k < f; k++)
                {
                    var line = dim == 1
                        ? Enumerable.Range(0, t).Select(x => data[(i * t + x) * f + k]).ToArray()
                        : Enumerable.Range(0, f).Select(x => data[(i * t + j) * f + x]).ToArray();
                    Assert.Equal(BruteMedian(line, dim == 1 ? j : k, kernel), filtered[(i * t + j) * f + k]);
                }
    }

    [Fact]
    public void MasksSumToOneAndSplitSilenceEvenly()
    {
        _ = TorchRuntime.Device;
        using var scope = NewDisposeScope();
        // An all-zero clip beside a random one: zero magnitudes get 0.5 / 0.5 (softmask with split_zeros).
        var rng = new Random(2);
        var mag = tensor(Enumerable.Range(0, 2 * 40 * 33).Select(i => i < 40 * 33 ? 0f : (float)rng.NextDouble()).ToArray(), [2, 40, 33]);
        var (h, p) = Hpss.Masks(mag);
        Assert.True(h[0].eq(full_like(h[0], 0.5f)).all().item<bool>());
        Assert.True(p[0].eq(full_like(p[0], 0.5f)).all().item<bool>());
        var total = h.Plus(p).data<float>().ToArray();
        Assert.All(total, v => Assert.Equal(1.0, v, 6));
    }

    [Fact]
    public void SilenceGivesFiniteValuesAndThePriorsTempo()
    {
        var values = GtzanSummaryFeatures.Batch([new float[5 * 22050]], new MfccSettings())[0];
        Assert.All(values, v => Assert.True(float.IsFinite(v)));
        var tempo = values[GtzanSummaryFeatures.ColumnNames.ToList().IndexOf("tempo")];
        Assert.Equal(TempoEstimator.Bpm(22, 22050, 512), tempo, 3); // flat tempogram: the allowed lag nearest 120 bpm
        Assert.Equal(0f, values[GtzanSummaryFeatures.ColumnNames.ToList().IndexOf("harmony_var")]);
    }

    [Fact]
    public void BatchingChangesNothing()
    {
        var b = GtzanSummaryTests.Samples("signal_b");
        var clips = Enumerable.Range(0, 3).Select(i => b.AsSpan(i * 220500, 220500).ToArray()).ToList();
        var batch = GtzanSummaryFeatures.Batch(clips, new MfccSettings());
        for (var i = 0; i < 3; i++)
        {
            var single = GtzanSummaryFeatures.Batch([clips[i]], new MfccSettings())[0];
            for (var k = 0; k < single.Length; k++) Assert.Equal(single[k], batch[i][k], Math.Max(1e-7, Math.Abs(single[k]) * 1e-5));
        }
    }
}

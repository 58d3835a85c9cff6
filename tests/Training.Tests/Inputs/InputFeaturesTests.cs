using MusicDashboard.Core.Features;
using MusicDashboard.Training.Inputs;
using MusicDashboard.Training.Models;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Training.Tests.Inputs;

/// <summary>Each input names its raw baseline rows and builds its training set from the views of one features pass.</summary>
public sealed class InputFeaturesTests
{
    private static double[][] Rows(int n, int width, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, width).Select(_ => random.NextDouble() * 10 - 3).ToArray()).ToArray();
    }

    private static InputViews Views(bool meanOnly, bool lyrics, bool anyLyrics)
    {
        var meanStd = Rows(12, 8, 1);
        return new InputViews(meanOnly ? meanStd.Select(r => r[..4]).ToArray() : meanStd, meanStd, meanOnly, Rows(12, 6, 2), Rows(12, 57, 3),
            lyrics ? (anyLyrics ? Rows(12, 5, 4) : Rows(12, 5, 4).Select(r => new double[r.Length]).ToArray()) : null,
            lyrics ? Enumerable.Range(0, 12).Select(i => anyLyrics && i % 2 == 0).ToArray() : null, null);
    }

    [Fact]
    public void StoredIdsAreTodaysJsonValues() =>
        Assert.Equal(["mfcc", "logMel", "lyrics", "mfccLyrics", "mfccHandcrafted"], InputFeatures.All.Select(i => i.Id));

    [Fact]
    public void AudioInputsGetTheHandCraftedBaselinesAndTheirOwnRows()
    {
        var views = Views(meanOnly: true, lyrics: true, anyLyrics: true);
        Assert.Equal(["Raw MFCC", "Raw MFCC mean+std", "Raw MelSpec stats", "Raw GTZAN-57", "Raw MFCC+Lyrics"],
            InputFeatures.Get(InputKind.MfccLyrics).Baselines(views).Select(b => b.Features));
        var handcrafted = InputFeatures.Get(InputKind.MfccHandcrafted).Baselines(Views(meanOnly: false, lyrics: false, anyLyrics: false)).ToList();
        Assert.Equal(["Raw MFCC mean+std", "Raw MelSpec stats", "Raw GTZAN-57", "Raw MFCC mean+std & GTZAN-57"], handcrafted.Select(b => b.Features));
        Assert.Equal(8 + 57, handcrafted[^1].Rows[0].Length);
        // No lyric row when no track has lyrics (it would equal the audio row).
        Assert.DoesNotContain(InputFeatures.Get(InputKind.Mfcc).Baselines(Views(true, lyrics: true, anyLyrics: false)), b => b.Features == "Raw MFCC+Lyrics");
        var lyricsOnly = Assert.Single(InputFeatures.Get(InputKind.Lyrics).Baselines(Views(true, lyrics: true, anyLyrics: false)));
        Assert.Equal(("Raw Lyrics", "no track has lyrics: every vector is zero"), (lyricsOnly.Features, lyricsOnly.Note));
    }

    [Fact]
    public void VectorInputsAreStandardisedPerColumn()
    {
        var views = Views(meanOnly: true, lyrics: true, anyLyrics: true);
        var (data, description) = InputFeatures.Get(InputKind.MfccLyrics).ModelInput(views, new RunConfig());
        Assert.Equal([4L + 5], data.SampleShape);
        Assert.Equal("4-d MFCC + 5-d lyric vectors, standardised", description);
        for (var k = 0; k < 9; k++)
        {
            var column = Enumerable.Range(0, 12).Select(i => (double)data.Values[i * 9 + k]).ToArray();
            var mean = column.Average();
            Assert.Equal(0, mean, 5);
            Assert.Equal(1, Math.Sqrt(column.Average(v => (v - mean) * (v - mean))), 5);
        }
        // The first column is the first MFCC value standardised: (x - mean) / population sd.
        var x = views.Mfcc.Select(r => r[0]).ToArray();
        var sd = Math.Sqrt(x.Average(v => (v - x.Average()) * (v - x.Average())));
        Assert.Equal((x[3] - x.Average()) / sd, data.Values[3 * 9], 5);
    }

    [Fact]
    public void ImagesAreScaledGloballyForTheChosenLikelihood()
    {
        float[] Image() => [-80f, -40f, -20f, 0f, -60f, -10f];
        var bernoulli = Image();
        LogMelInput.Normalise(bernoulli, ReconstructionLoss.Bernoulli);
        Assert.Equal([0f, 0.5f, 0.75f, 1f, 0.25f, 0.875f], bernoulli);
        var mse = Image();
        LogMelInput.Normalise(mse, ReconstructionLoss.Mse);
        Assert.Equal(0, mse.Average(), 5);
        Assert.Equal(1, Math.Sqrt(mse.Average(v => v * v)), 5);
        var views = Views(true, false, false) with { Images = new LogMelImageTable(Image().Concat(Image()).ToArray(), 2, 2, 3) };
        var (data, description) = InputFeatures.Get(InputKind.LogMel).ModelInput(views, new RunConfig { Vae = new VaeSettings { Reconstruction = ReconstructionLoss.Bernoulli } });
        Assert.Equal([1L, 2, 3], data.SampleShape);
        Assert.Equal("1 x 2 x 3 log-mel images, min-max to [0, 1] (min -80.0 dB, max 0.0 dB)", description);
    }

    [Fact]
    public void TheHandCraftedInputNeedsMeanAndStd()
    {
        var config = new RunConfig { Input = InputKind.MfccHandcrafted };
        Assert.Contains(config.Problems(), p => p.Field == "mfcc.pooling");
        Assert.DoesNotContain((config with { Mfcc = new MfccSettings(Pooling: MfccPooling.MeanStd) }).Problems(), p => p.Field == "mfcc.pooling");
        Assert.Contains(new RunConfig { Input = "spectrogram" }.Problems(), p => p == ("input", "unknown input 'spectrogram' (available: mfcc, logMel, lyrics, mfccLyrics, mfccHandcrafted)"));
    }
}

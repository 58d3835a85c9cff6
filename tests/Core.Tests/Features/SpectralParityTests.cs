using System.Text.Json;
using MusicDashboard.Core.Audio;
using MusicDashboard.Core.Features;
using MusicDashboard.Core.Runtime;
using TorchSharp;

namespace MusicDashboard.Core.Tests.Features;

/// <summary>
/// Chroma, spectral shape, ZCR, RMS, power_to_db's ref and the summary vector against librosa 0.10.2 (tests/fixtures/librosa,
/// tolerances from its README); deltas and reflect padding against scipy / numpy (tests/fixtures/features, see its script).
/// </summary>
public sealed class SpectralParityTests
{
    private static readonly Dictionary<string, Lazy<JsonDocument>> Docs = new()
    {
        ["signal_a"] = new(() => JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("librosa/signal_a.json")))),
        ["signal_b"] = new(() => JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("librosa/signal_b.json")))),
    };
    private static readonly Lazy<JsonDocument> Extra = new(() => JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("features/features.json"))));
    private static readonly Dictionary<string, Lazy<FeatureArrays>> Ours = new()
    {
        ["signal_a"] = new(() => Compute("signal_a", new SummarySettings())),
        ["signal_b"] = new(() => Compute("signal_b", new SummarySettings())),
    };

    private static FeatureArrays Compute(string signal, SummarySettings s)
    {
        _ = TorchRuntime.Device;
        return SummaryFeatures.Arrays(Samples(signal), new MfccSettings(), s);
    }

    private static float[] Samples(string signal) => WavReader.Read(TestPaths.Fixture($"librosa/{signal}.wav")).Samples;

    private static double[][] Matrix(JsonElement e) => e.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
    private static double[][] Matrix(string signal, string key) => Matrix(Docs[signal].Value.RootElement.GetProperty(key));
    private static double[] Row(string signal, string key) => Matrix(signal, key)[0];

    private static double MaxAbs(double[][] expected, float[,] actual)
    {
        Assert.Equal(expected.Length, actual.GetLength(0));
        Assert.Equal(expected[0].Length, actual.GetLength(1));
        double max = 0;
        for (var i = 0; i < expected.Length; i++)
            for (var j = 0; j < expected[i].Length; j++) max = Math.Max(max, Math.Abs(expected[i][j] - actual[i, j]));
        return max;
    }

    [Theory]
    [InlineData("signal_a")]
    [InlineData("signal_b")]
    public void ChromaWithTuningZeroEqualsLibrosa(string signal)
    {
        var ours = Compute(signal, new SummarySettings(Tuning: 0.0));
        var maxAbs = MaxAbs(Matrix(signal, "chroma_tuning0"), ours.Chroma);
        Assert.True(maxAbs <= 1e-5, $"{signal} chroma_tuning0 max abs {maxAbs}");
    }

    [Theory]
    [InlineData("signal_a")]
    [InlineData("signal_b")]
    public void EstimatedTuningAndChromaEqualLibrosa(string signal)
    {
        var expectedTuning = Docs[signal].Value.RootElement.GetProperty("feature_params").GetProperty("chroma_stft").GetProperty("estimated_tuning").GetDouble();
        var ours = Ours[signal].Value;
        Assert.Equal(expectedTuning, ours.ChromaTuning, 9);
        var maxAbs = MaxAbs(Matrix(signal, "chroma"), ours.Chroma);
        Assert.True(maxAbs <= 1e-5, $"{signal} chroma max abs {maxAbs}");
    }

    [Fact]
    public void PitchTuningFindsAKnownOffset()
    {
        // librosa's own docstring example: notes at +25 cents give 0.25.
        var freqs = Enumerable.Range(0, 24).Select(k => 55.0 * Math.Pow(2, (k + 0.25) / 12)).ToList();
        Assert.Equal(0.25, Chroma.PitchTuning(freqs), 9);
        Assert.Equal(0.0, Chroma.PitchTuning([]));
    }

    [Theory]
    [InlineData("signal_a")]
    [InlineData("signal_b")]
    public void SpectralCentroidBandwidthRolloffEqualLibrosa(string signal)
    {
        var ours = Ours[signal].Value;
        void Relative(string key, float[] actual, double tolerance)
        {
            var expected = Row(signal, key);
            Assert.Equal(expected.Length, actual.Length);
            var floor = 1e-3 * expected.Max(Math.Abs);
            var worst = expected.Select((e, t) => Math.Abs(e - actual[t]) / Math.Max(Math.Abs(e), floor)).Max();
            Assert.True(worst <= tolerance, $"{signal} {key} max rel {worst}");
        }
        Relative("spectral_centroid", ours.SpectralCentroid, 1e-5);
        Relative("spectral_bandwidth", ours.SpectralBandwidth, 5e-4);

        // Roll-off: the same FFT bin, except near-ties of the 85 % threshold may move one bin (README: 2/431 frames even
        // between librosa float32 and float64).
        var rolloff = Row(signal, "spectral_rolloff");
        var bin = 22050.0 / 2048;
        var off = rolloff.Select((e, t) => Math.Abs(e - ours.SpectralRolloff[t])).ToArray();
        Assert.All(off, d => Assert.True(d <= bin * 1.0001, $"roll-off off by {d} Hz"));
        Assert.True(off.Count(d => d > 1e-3) <= rolloff.Length / 100 + 2, $"{off.Count(d => d > 1e-3)} frames differ");
    }

    [Theory]
    [InlineData("signal_a")]
    [InlineData("signal_b")]
    public void ZeroCrossingRateIsExactAndRmsMatches(string signal)
    {
        var ours = Ours[signal].Value;
        var zcr = Row(signal, "zcr");
        Assert.Equal(zcr.Length, ours.ZeroCrossingRate.Length);
        // Exact: the same count of crossings in every frame (the fixture holds count / 2048 to 8 significant digits).
        for (var t = 0; t < zcr.Length; t++) Assert.Equal(Math.Round(zcr[t] * 2048), ours.ZeroCrossingRate[t] * 2048.0);
        var rms = Row(signal, "rms");
        var worst = rms.Select((e, t) => Math.Abs(e - ours.Rms[t])).Max();
        Assert.True(worst <= 1e-7, $"{signal} rms max abs {worst}");
    }

    [Fact]
    public void PowerToDbWithRefMaxShiftsByThePeak()
    {
        // librosa.power_to_db(S, ref=np.max) = power_to_db(S, ref=1) - 10 log10(max S); the top_db clip moves with it.
        var m = new MfccSettings();
        var expected = Matrix("signal_a", "mel_db");
        var peak = Matrix("signal_a", "mel_power").Max(r => r.Max());
        var shifted = expected.Select(r => r.Select(v => v - 10 * Math.Log10(peak)).ToArray()).ToArray();
        var ours = SummaryFeatures.Arrays(Samples("signal_a"), m with { DbReference = null }, new SummarySettings(Tuning: 0));
        Assert.True(MaxAbs(shifted, ours.MelDb) <= 2e-3);
        Assert.Equal(0.0, ours.MelDb.Cast<float>().Max(), 5);
        var noClip = SummaryFeatures.Arrays(Samples("signal_a"), m with { TopDb = null }, new SummarySettings(Tuning: 0));
        var clip20 = SummaryFeatures.Arrays(Samples("signal_a"), m with { TopDb = 20 }, new SummarySettings(Tuning: 0)).MelDb.Cast<float>().ToArray();
        Assert.Equal(clip20.Max() - 20, clip20.Min(), 3);
        Assert.True(noClip.MelDb.Cast<float>().Min() < clip20.Min() - 1, "top_db=None must not clip");
        Assert.Equal(noClip.MelDb.Cast<float>().Max(), clip20.Max(), 3);
    }

    [Fact]
    public void HtkOptionReachesTheMelFilterBank()
    {
        _ = TorchRuntime.Device;
        using var scope = torch.NewDisposeScope();
        var y = Spectrogram.Stack([Samples("signal_a")[..22050]]);
        var power = Spectrogram.Power(y, 2048, 512);
        var htk = Spectrogram.MelFromPower(power, 22050, 2048, 40, htk: true)[0].data<float>().ToArray();
        var bank = MelFilterBank.Create(22050, 2048, 40, htk: true);
        var p = power[0].to_type(torch.float64).data<double>().ToArray();
        var frames = (int)power.shape[2];
        for (var m = 0; m < 40; m += 13)
            for (var t = 0; t < frames; t += 7)
            {
                double expected = 0;
                for (var f = 0; f < 1025; f++) expected += bank[m, f] * p[f * frames + t];
                Assert.Equal(expected, htk[m * frames + t], Math.Max(1e-6, expected * 1e-5));
            }
        // HTK's scale (2595 log10(1 + f/700)) puts the first filter's centre elsewhere than Slaney's.
        Assert.NotEqual(MelFilterBank.Create(22050, 2048, 40)[0, 3], bank[0, 3]);
        Assert.Equal(2595 * Math.Log10(1 + 1000.0 / 700), MelFilterBank.HzToMel(1000, htk: true), 9);
    }

    [Fact]
    public void ReflectPaddingEqualsNumpysReflect()
    {
        _ = TorchRuntime.Device;
        using var scope = torch.NewDisposeScope();
        var fixture = Extra.Value.RootElement.GetProperty("stft_reflect");
        var frames = fixture.GetProperty("frames").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var mags = Matrix(fixture.GetProperty("mag"));
        var ours = Spectrogram.Magnitude(Spectrogram.Stack([Samples("signal_a")]), 2048, 512, PadMode.Reflect)[0];
        Assert.Equal(fixture.GetProperty("n_frames").GetInt32(), (int)ours.shape[1]);
        var zero = Spectrogram.Magnitude(Spectrogram.Stack([Samples("signal_a")]), 2048, 512)[0];
        double worst = 0, zeroDiff = 0;
        for (var i = 0; i < frames.Length; i++)
        {
            var column = ours[.., frames[i]].data<float>().ToArray();
            var zeroColumn = zero[.., frames[i]].data<float>().ToArray();
            for (var f = 0; f < 1025; f++)
            {
                worst = Math.Max(worst, Math.Abs(mags[i][f] - column[f]));
                zeroDiff = Math.Max(zeroDiff, Math.Abs(mags[i][f] - zeroColumn[f]));
            }
        }
        Assert.True(worst <= 1e-4, $"reflect |STFT| max abs {worst}");
        Assert.True(zeroDiff > 1e-2, "the edge frames must differ from zero padding, or the test proves nothing");
    }

    [Theory]
    [InlineData(9, 1)]
    [InlineData(9, 2)]
    [InlineData(5, 1)]
    [InlineData(5, 2)]
    public void DeltasEqualScipySavgol(int width, int order)
    {
        var root = Extra.Value.RootElement;
        var input = Matrix(root.GetProperty("delta_input"));
        var data = new float[input.Length, input[0].Length];
        for (var i = 0; i < input.Length; i++) for (var j = 0; j < input[i].Length; j++) data[i, j] = (float)input[i][j];
        var worst = MaxAbs(Matrix(root.GetProperty($"delta_w{width}_o{order}")), Deltas.Compute(data, width, order));
        Assert.True(worst <= 1e-5, $"delta width {width} order {order}: max abs {worst}");
        Assert.Contains("larger than the 3 frames", Assert.Throws<ArgumentException>(() => Deltas.Compute(new float[2, 3], 9)).Message);
        Assert.Contains("odd", Assert.Throws<ArgumentException>(() => Deltas.Compute(data, 4)).Message);
    }

    [Fact]
    public void SummaryVectorPoolsLibrosasArrays()
    {
        _ = TorchRuntime.Device;
        var m = new MfccSettings(NMfcc: 20);
        var s = new SummarySettings();
        var v = SummaryFeatures.Batch([Samples("signal_a")], m, s)[0];
        var names = SummaryFeatures.ColumnNames(m, s);
        Assert.Equal(SummaryFeatures.Length(m, s), v.Length);
        Assert.Equal(names.Count, v.Length);
        Assert.Equal(names.Count, names.Distinct().Count());
        (double Mean, double Std) Pool(double[] row)
        {
            var mean = row.Average();
            return (mean, Math.Sqrt(row.Average(x => (x - mean) * (x - mean))));
        }
        void Check(string column, double[] librosaRow, double tolerance)
        {
            var (mean, std) = Pool(librosaRow);
            var at = names.ToList().IndexOf(column + "_mean");
            Assert.True(Math.Abs(mean - v[at]) <= tolerance * Math.Max(1, Math.Abs(mean)), $"{column} mean {v[at]} vs librosa {mean}");
            Assert.Equal(column + "_std", names[at + (column.StartsWith("mfcc") ? 20 : column.StartsWith("chroma") ? 12 : 1)]);
            var sd = v[at + (column.StartsWith("mfcc") ? 20 : column.StartsWith("chroma") ? 12 : 1)];
            Assert.True(Math.Abs(std - sd) <= tolerance * Math.Max(1, Math.Abs(std)), $"{column} std {sd} vs librosa {std}");
        }
        var mfcc = Matrix("signal_a", "mfcc20");
        Check("mfcc0", mfcc[0], 1e-4);
        Check("mfcc19", mfcc[19], 1e-4);
        var chroma = Matrix("signal_a", "chroma");
        Check("chroma0", chroma[0], 1e-5);
        Check("chroma11", chroma[11], 1e-5);
        Check("spectral_centroid", Row("signal_a", "spectral_centroid"), 1e-5);
        Check("spectral_bandwidth", Row("signal_a", "spectral_bandwidth"), 1e-4);
        Check("spectral_rolloff", Row("signal_a", "spectral_rolloff"), 1e-3);
        Check("zcr", Row("signal_a", "zcr"), 1e-6);
        Check("rms", Row("signal_a", "rms"), 1e-6);
    }

    [Fact]
    public void LogMelImagesAreTheConvVaeInput()
    {
        _ = TorchRuntime.Device;
        var b = Samples("signal_b");
        var clips = Enumerable.Range(0, 3).Select(i => b.AsSpan(i * 220500, 220500).ToArray()).ToList();
        var m = new MfccSettings();
        var (data, shape) = MfccFeatures.LogMelImages(clips, m);
        Assert.Equal([3, 1, 128, 431], shape);
        Assert.Equal(3 * 128 * 431, data.Length);
        var second = MfccFeatures.MelDb(clips[1], m);
        for (var mel = 0; mel < 128; mel += 9)
            for (var t = 0; t < 431; t += 11)
                Assert.Equal(second[mel, t], data[128 * 431 + mel * 431 + t], 3);
        var (pooled, both, bothShape) = MfccFeatures.PooledAndImages(clips, m);
        Assert.Equal(shape, bothShape);
        Assert.Equal(data, both);
        var separate = MfccFeatures.PooledBatch(clips, m);
        for (var i = 0; i < 3; i++) Assert.Equal(separate[i], pooled[i]);
        // The first clip of signal_b is librosa's mel_db over its first 431 frames only up to the clip's own top_db clip,
        // so check against signal_a's fixture instead: a single 10-s clip is the whole signal there.
        var (a, _) = MfccFeatures.LogMelImages([Samples("signal_a")], m);
        var expected = Matrix("signal_a", "mel_db");
        double worst = 0;
        for (var mel = 0; mel < 128; mel++)
            for (var t = 0; t < 431; t++) worst = Math.Max(worst, Math.Abs(expected[mel][t] - a[mel * 431 + t]));
        Assert.True(worst <= 2e-3, $"log-mel image max abs {worst} dB");
    }
}

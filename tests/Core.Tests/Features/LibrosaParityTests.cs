using System.Text.Json;
using MusicDashboard.Core.Audio;
using MusicDashboard.Core.Features;
using MusicDashboard.Core.Runtime;
using TorchSharp;

namespace MusicDashboard.Core.Tests.Features;

/// <summary>Our features against librosa 0.10.2 on the committed signals (tolerances from tests/fixtures/librosa/README.md).</summary>
public sealed class LibrosaParityTests
{
    private static readonly Lazy<JsonDocument> SignalA = new(() => JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("librosa/signal_a.json"))));
    private static readonly Lazy<JsonDocument> SignalB = new(() => JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("librosa/signal_b.json"))));
    private static readonly MfccSettings Settings = new();

    private static double[][] Matrix(JsonDocument doc, string key) => doc.RootElement.GetProperty(key).EnumerateArray()
        .Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();

    private static float[] Samples(string wav) => WavReader.Read(TestPaths.Fixture($"librosa/{wav}")).Samples;

    private static (double MaxAbs, double MaxRef) Compare(double[][] expected, Func<int, int, double> actual)
    {
        double maxAbs = 0, maxRef = 0;
        for (var i = 0; i < expected.Length; i++)
            for (var j = 0; j < expected[i].Length; j++)
            {
                maxAbs = Math.Max(maxAbs, Math.Abs(expected[i][j] - actual(i, j)));
                maxRef = Math.Max(maxRef, Math.Abs(expected[i][j]));
            }
        return (maxAbs, maxRef);
    }

    [Fact]
    public void MelFilterBankEqualsLibrosa()
    {
        var bank = MelFilterBank.Create(22050, 2048, 128);
        var (maxAbs, maxRef) = Compare(Matrix(SignalA.Value, "mel_filters"), (i, j) => bank[i, j]);
        Assert.True(maxAbs <= 1e-7 * maxRef, $"max abs {maxAbs} (max ref {maxRef}); the fixture holds 8 significant digits");
    }

    [Fact]
    public void StftMagnitudeEqualsLibrosa()
    {
        _ = TorchRuntime.Device;
        using var scope = torch.NewDisposeScope();
        var power = Spectrogram.Power(Spectrogram.Stack([Samples("signal_a.wav")]), 2048, 512)[0];
        Assert.Equal([1025L, 431L], power.shape);
        var mag = power.sqrt().narrow(1, 0, 3).contiguous().data<float>().ToArray();
        var (maxAbs, _) = Compare(Matrix(SignalA.Value, "stft_mag_first3"), (f, t) => mag[f * 3 + t]);
        Assert.True(maxAbs <= 1e-4, $"max abs {maxAbs}");
    }

    [Fact]
    public void MelPowerAndDbEqualLibrosa()
    {
        _ = TorchRuntime.Device;
        using var scope = torch.NewDisposeScope();
        var mel = Spectrogram.MelPower(Spectrogram.Stack([Samples("signal_a.wav")]), 22050, 2048, 512, 128);
        var power = mel[0].data<float>().ToArray();
        var expected = Matrix(SignalA.Value, "mel_power");
        var (maxAbs, maxRef) = Compare(expected, (m, t) => power[m * 431 + t]);
        Assert.True(maxAbs <= 1e-6 * maxRef, $"mel power max abs {maxAbs} vs max {maxRef}");

        var db = MfccFeatures.MelDb(Samples("signal_a.wav"), Settings);
        Assert.Equal(128, db.GetLength(0));
        Assert.Equal(431, db.GetLength(1)); // the Conv-VAE image: 1 x 128 x 431 for 10 s
        var (dbAbs, _) = Compare(Matrix(SignalA.Value, "mel_db"), (m, t) => db[m, t]);
        Assert.True(dbAbs <= 2e-3, $"mel dB max abs {dbAbs}");
    }

    [Theory]
    [InlineData("signal_a", 20)]
    [InlineData("signal_a", 40)]
    [InlineData("signal_b", 20)]
    [InlineData("signal_b", 40)]
    public void MfccEqualsLibrosa(string signal, int nMfcc)
    {
        var doc = signal == "signal_a" ? SignalA.Value : SignalB.Value;
        var mfcc = MfccFeatures.Compute(Samples(signal + ".wav"), Settings with { NMfcc = nMfcc });
        var expected = Matrix(doc, $"mfcc{nMfcc}");
        Assert.Equal(expected.Length, mfcc.GetLength(0));
        Assert.Equal(expected[0].Length, mfcc.GetLength(1));
        var (maxAbs, _) = Compare(expected, (k, t) => mfcc[k, t]);
        Assert.True(maxAbs <= 1e-3, $"{signal} mfcc{nMfcc} max abs {maxAbs}");
    }

    [Fact]
    public void PooledVectorsAreFrameMeansAndBatchingChangesNothing()
    {
        var b = Samples("signal_b.wav");
        var clips = Enumerable.Range(0, 3).Select(i => b.AsSpan(i * 220500, 220500).ToArray()).ToList();
        var batch = MfccFeatures.PooledBatch(clips, Settings);
        for (var i = 0; i < 3; i++)
        {
            var single = MfccFeatures.Compute(clips[i], Settings);
            Assert.Equal(431, single.GetLength(1));
            for (var k = 0; k < 40; k++)
            {
                var mean = Enumerable.Range(0, 431).Average(t => (double)single[k, t]);
                Assert.Equal(mean, batch[i][k], 2e-3);
            }
        }
        var meanStd = MfccFeatures.PooledBatch(clips, Settings with { Pooling = MfccPooling.MeanStd });
        Assert.Equal(80, meanStd[0].Length);
        Assert.Equal(batch[0], meanStd[0][..40]);
        var c0 = MfccFeatures.Compute(clips[0], Settings);
        var std1 = Math.Sqrt(Enumerable.Range(0, 431).Select(t => (double)c0[1, t]).Select(v => (v - batch[0][1]) * (v - batch[0][1])).Average());
        Assert.Equal(std1, meanStd[0][41], 2e-3);
    }
}

using MusicDashboard.Core.Features;
using MusicDashboard.Core.Runtime;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Tests.Features;

/// <summary>
/// The host fast paths give what the tensor code they replace (or TorchSharp's own accessors) gives: storage copies,
/// the fused spectral shape, the band-only tuning estimation, the sparse mel filter bank.
/// </summary>
public sealed class FastPathTests
{
    public FastPathTests() => _ = TorchRuntime.Device;

    [Fact]
    public void TensorCopiesMatchTheAccessorForEveryLayout()
    {
        using var scope = NewDisposeScope();
        var x = rand(3, 5, 7, generator: new Generator(3));
        var transposed = x.transpose(1, 2); // not contiguous
        Assert.Equal(transposed.contiguous().data<float>().ToArray(), transposed.ToFloats());
        var doubles = x.to_type(ScalarType.Float64) * 3.0;
        Assert.Equal(doubles.data<double>().ToArray(), doubles.ToDoubles());
        Assert.Equal(doubles.to_type(ScalarType.Float32).data<float>().ToArray(), doubles.ToFloats()); // converted
        var values = Enumerable.Range(0, 24).Select(i => i * 0.5f).ToArray();
        var back = TensorCopies.FromFloats(values, [2, 3, 4]);
        Assert.Equal(new long[] { 2, 3, 4 }, back.shape);
        Assert.Equal(values, back.data<float>().ToArray());
        Assert.Equal(values, Spectrogram.Stack([values[..12], values[12..]]).data<float>().ToArray());
    }

    [Fact]
    public void FusedSpectralShapeEqualsTheTensorFeatures()
    {
        using var scope = NewDisposeScope();
        // A frame-major power spectrogram viewed as [batch, freqs, frames], as Spectrogram.Power returns it; one silent frame.
        var frameMajor = rand(2, 40, 1025, generator: new Generator(9)).pow(3);
        frameMajor[1, 7] = zeros(1025);
        var power = frameMajor.transpose(1, 2);
        var magnitude = power.to_type(ScalarType.Float64).sqrt();
        var centroid = SpectralShape.Centroid(magnitude, 22050, 2048);
        var expected = new[] { centroid, SpectralShape.Bandwidth(magnitude, centroid, 22050, 2048), SpectralShape.Rolloff(magnitude, 22050, 2048, 0.85) };
        var (c, b, r) = SpectralShape.FromPower(power, 22050, 2048, 0.85);
        var actual = new[] { c, b, r };
        for (var k = 0; k < 3; k++)
        {
            Assert.Equal(expected[k].shape, actual[k].shape);
            var e = expected[k].ToDoubles();
            var a = actual[k].ToDoubles();
            for (var i = 0; i < e.Length; i++) Assert.Equal(e[i], a[i], Math.Max(1e-9, Math.Abs(e[i]) * 1e-12));
        }
    }

    [Fact]
    public void BandOnlyTuningEqualsTheWholeSpectrumEstimate()
    {
        using var scope = NewDisposeScope();
        var samples = GtzanSummaryTests.Samples("signal_b");
        var clips = Enumerable.Range(0, 3).Select(i => samples.AsSpan(i * 220500, 220500).ToArray()).ToList();
        var power = Spectrogram.Power(Spectrogram.Stack(clips), 2048, 512);
        var frameMajor = power.transpose(1, 2).ToFloats();
        var (freqs, frames) = ((int)power.shape[1], (int)power.shape[2]);
        var batch = Chroma.EstimateTunings(power, 22050, 2048);
        for (var i = 0; i < 3; i++)
            Assert.Equal(Chroma.EstimateTuning(frameMajor.AsSpan(i * freqs * frames, freqs * frames), freqs, frames, 22050, 2048), batch[i]);
        // The whole 30-s signal: librosa 0.10.2 estimated -0.32 (tests/fixtures/librosa, feature_params.chroma_stft).
        Assert.Equal(-0.32, Chroma.EstimateTunings(Spectrogram.Power(Spectrogram.Stack([samples]), 2048, 512), 22050, 2048)[0], 9);
    }

    [Theory]
    [InlineData(22050, 2048, 128, false)]
    [InlineData(22050, 512, 40, true)]
    [InlineData(8000, 256, 128, false)] // more mels than the FFT resolves: some filters are empty, as in librosa
    public void TheSparseMelBankGivesTheDenseProduct(int sampleRate, int nFft, int nMels, bool htk)
    {
        using var scope = NewDisposeScope();
        var bins = 1 + nFft / 2;
        var dense = Spectrogram.Flatten(MelFilterBank.Create(sampleRate, nFft, nMels, htk: htk));
        var power = rand(2, bins, 57, generator: new Generator(5)) * 10.0; // [batch, bins, frames], not a transposed view
        var expected = matmul(tensor(dense, [nMels, bins]).to_type(ScalarType.Float64), power.to_type(ScalarType.Float64));
        var sparse = Spectrogram.MelFromPower(power, sampleRate, nFft, nMels, htk);
        Assert.Equal(new long[] { 2, nMels, 57 }, sparse.shape);
        var ours = sparse.ToDoubles();
        var reference = expected.ToDoubles();
        for (var i = 0; i < ours.Length; i++)
            Assert.True(Math.Abs(ours[i] - reference[i]) <= 1e-5 * Math.Max(1.0, Math.Abs(reference[i])), $"value {i}: {ours[i]} vs {reference[i]}");
    }
}

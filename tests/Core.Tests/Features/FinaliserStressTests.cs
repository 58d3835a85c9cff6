using MusicDashboard.Core.Features;
using MusicDashboard.Core.Runtime;
using MusicDashboard.Tests.Shared;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Tests.Features;

/// <summary>
/// Every tensor operation of the feature path that takes a number runs under <see cref="FinaliserHammer"/> and must give
/// the same result as without it: a left-over implicit double -> Scalar temporary fails here within seconds (it took a
/// full multi-seed `reproduce` to meet it before).
/// </summary>
public sealed class FinaliserStressTests
{
    public FinaliserStressTests() => _ = TorchRuntime.Device; // loads libtorch (the native fix) before the first tensor

    private static bool Same(Tensor actual, float[] expected) =>
        actual.contiguous().data<float>().ToArray().AsSpan().SequenceEqual(expected);

    private static float[] Values(Tensor t) => t.contiguous().data<float>().ToArray();

    [Fact]
    public void Power_to_dB_in_every_mode()
    {
        using var x = rand(1, 8, 8, generator: new TorchSharp.torch.Generator(5));
        float[] Db(double? reference) { using var scope = NewDisposeScope(); return Values(Spectrogram.PowerToDb(x, 1e-10, 80.0, reference)); }
        var (one, max, two) = (Db(1.0), Db(null), Db(2.0));
        var failures = FinaliserHammer.Run(() =>
        {
            using var scope = NewDisposeScope();
            return Same(Spectrogram.PowerToDb(x, 1e-10, 80.0, 1.0), one) && Same(Spectrogram.PowerToDb(x, 1e-10, 80.0, null), max)
                && Same(Spectrogram.PowerToDb(x, 1e-10, 80.0, 2.0), two);
        }, calls: 6_000);
        Assert.True(failures.Count == 0, $"{failures.Count} failures, first: {failures.FirstOrDefault()}");
    }

    [Fact]
    public void Spectrogram_spectral_shape_and_chroma()
    {
        using var y = rand(1, 256, generator: new TorchSharp.torch.Generator(6)) - 0.5;
        float[] Run()
        {
            using var scope = NewDisposeScope();
            var power = Spectrogram.Power(y, 32, 16);
            var magnitude = power.sqrt();
            var centroid = SpectralShape.Centroid(magnitude, 22050, 32);
            var parts = cat([centroid, SpectralShape.Bandwidth(magnitude, centroid, 22050, 32), SpectralShape.Rolloff(magnitude, 22050, 32)], 1);
            var chroma = Chroma.FromPower(power, 22050, 32, 12, 0.0, out _);
            return [.. Values(power), .. Values(parts.to_type(float32)), .. Values(chroma)];
        }
        var expected = Run();
        var failures = FinaliserHammer.Run(() => Run().AsSpan().SequenceEqual(expected), calls: 2_500);
        Assert.True(failures.Count == 0, $"{failures.Count} failures, first: {failures.FirstOrDefault()}");
    }
}

using MusicDashboard.Core.Runtime;
using MusicDashboard.Training.Models;
using static TorchSharp.torch;

namespace MusicDashboard.Training.Tests.Models;

/// <summary>Random inputs come from a local generator: torch's global one seeds the weights of trainings running in
/// parallel test classes.</summary>
public class ModelShapeTests
{
    private static readonly Generator Rng = new(7);

    [Theory]
    [InlineData(128, 431, new[] { 16, 32, 64, 128 })]
    [InlineData(128, 431, new[] { 8, 8 })]
    [InlineData(37, 53, new[] { 4, 4, 4 })]
    public void ConvVaeReconstructsExactlyTheInputShape(int h, int w, int[] channels)
    {
        _ = TorchRuntime.Device;
        using var model = new ConvVae(h, w, channels, 8);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = rand(2, 1, h, w, generator: Rng);
        var output = model.Forward(x, null, zeros(2, 8));
        Assert.Equal(new long[] { 2, 1, h, w }, output.Reconstruction.shape);
        Assert.Equal(new long[] { 2, 8 }, output.Mu.shape);
        var (total, _, _) = VaeLoss.Compute(output, x, 1.0, ReconstructionLoss.Bernoulli);
        Assert.True(float.IsFinite(total.item<float>()));
    }

    [Fact]
    public void ConvVaeRefusesAnImageTooSmallForItsLayers()
    {
        var e = Assert.Throws<ArgumentException>(() => new ConvVae(8, 431, [4, 4, 4, 4], 8));
        Assert.Contains("too small", e.Message);
    }

    [Fact]
    public void CvaeNeedsItsConditionInEncoderAndDecoder()
    {
        _ = TorchRuntime.Device;
        using var model = new Cvae(6, 3, [8], 2);
        using var scope = NewDisposeScope();
        var x = rand(4, 6, generator: Rng);
        Assert.Throws<ArgumentException>(() => model.Encode(x, null));
        Assert.Throws<ArgumentException>(() => model.Decode(rand(4, 2, generator: Rng), rand(4, 2, generator: Rng)));
        var output = model.Forward(x, rand(4, 3, generator: Rng), zeros(4, 2));
        Assert.Equal(new long[] { 4, 6 }, output.Reconstruction.shape);
        // The decoder reads the condition: changing it changes the reconstruction of the same z.
        var z = rand(4, 2, generator: Rng);
        Assert.False(model.Decode(z, zeros(4, 3)).allclose(model.Decode(z, ones(4, 3))));
    }
}

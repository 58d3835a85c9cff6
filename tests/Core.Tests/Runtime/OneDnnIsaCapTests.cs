using MusicDashboard.Core.Runtime;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Tests.Runtime;

/// <summary>
/// float32 convolutions and transposed convolutions agree with float64 ones (a reference computed by libtorch's own
/// non-oneDNN double path) for the shapes the Conv-VAE uses. Without <see cref="OneDnnIsaCap"/> the 8x8 transposed case
/// differed by 24 on this project's AMD EPYC (AVX-512) machine and the Conv-VAE's loss became NaN.
/// </summary>
public sealed class OneDnnIsaCapTests
{
    [Theory]
    [InlineData(8, 8, 1, 2)]
    [InlineData(9, 11, 1, 2)]
    [InlineData(9, 11, 2, 3)]
    [InlineData(16, 16, 4, 8)]
    [InlineData(128, 431, 1, 16)]
    public void Float32ConvolutionsMatchFloat64(int height, int width, int inChannels, int outChannels)
    {
        _ = TorchRuntime.Device;
        Assert.StartsWith(OneDnnIsaCap.Variable, OneDnnIsaCap.Report);
        using var scope = NewDisposeScope();
        var g = new Generator(1);
        var x = randn([2, inChannels, height, width], generator: g);
        var w = randn([outChannels, inChannels, 4, 4], generator: g);
        var b = randn([outChannels], generator: g);
        var bt = randn([inChannels], generator: g);
        var y = nn.functional.conv2d(x, w, b, strides: [2, 2], padding: [1, 1]);
        var y64 = nn.functional.conv2d(x.to(ScalarType.Float64), w.to(ScalarType.Float64), b.to(ScalarType.Float64), strides: [2, 2], padding: [1, 1]);
        AssertClose(y64, y);
        var t = nn.functional.conv_transpose2d(y, w, bt, strides: [2, 2], padding: [1, 1]);
        var t64 = nn.functional.conv_transpose2d(y64, w.to(ScalarType.Float64), bt.to(ScalarType.Float64), strides: [2, 2], padding: [1, 1]);
        AssertClose(t64, t);
    }

    private static void AssertClose(Tensor expected, Tensor actual)
    {
        Assert.False(actual.isnan().any().item<bool>(), "NaN in the float32 result");
        var scale = Math.Max(1, expected.abs().max().item<double>());
        var diff = (actual.to(ScalarType.Float64) - expected).abs().max().item<double>();
        Assert.True(diff <= 1e-5 * scale, $"float32 differs from float64 by {diff} (scale {scale})");
    }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MusicDashboard.Training.Models;

/// <summary>
/// Convolutional VAE for 1 x H x W log-mel images (128 x 431 for a 10-s clip). Encoder: one 4x4 convolution of stride 2
/// (padding 1) per entry of the channel list, each halving height and width (rounding down), ReLU between; the last
/// feature map is flattened to the mean and log-variance. Decoder: a linear layer back to that map and mirrored 4x4
/// transposed convolutions of stride 2 whose output_padding (0 or 1 per axis) restores each encoder size exactly, so the
/// output is exactly H x W with nothing cropped or padded (431 -> 215 -> 107 -> 53 -> 26 and back).
/// </summary>
public sealed class ConvVae : VaeModel
{
    private readonly Sequential _encoder;
    private readonly Linear _mu;
    private readonly Linear _logVar;
    private readonly Linear _fromLatent;
    private readonly ModuleList<ConvTranspose2d> _decoder;
    private readonly long[][] _outputPadding;
    private readonly int[] _channels;
    private readonly long _bottomH, _bottomW;

    public int Height { get; }
    public int Width { get; }
    public override int LatentDim { get; }
    public override int ConditionDim => 0;
    public override long[] SampleShape => [1, Height, Width];

    public ConvVae(int height, int width, IReadOnlyList<int> channels, int latentDim) : base(nameof(ConvVae))
    {
        if (channels.Count == 0 || channels.Any(c => c <= 0) || latentDim <= 0)
            throw new ArgumentException("conv channels and latent size must be positive, with at least one layer");
        // Every stride-2 layer needs at least 2 pixels in: H and W must stay >= 1 at the bottom.
        if (height >> channels.Count < 1 || width >> channels.Count < 1)
            throw new ArgumentException($"a {height} x {width} image is too small for {channels.Count} stride-2 layers");
        Height = height;
        Width = width;
        LatentDim = latentDim;
        _channels = channels.ToArray();

        var hs = new List<long> { height };
        var ws = new List<long> { width };
        var enc = new List<(string, Module<Tensor, Tensor>)>();
        long inC = 1;
        for (var i = 0; i < channels.Count; i++)
        {
            enc.Add(($"conv{i}", Conv2d(inC, channels[i], kernel_size: 4, stride: 2, padding: 1)));
            enc.Add(($"act{i}", ReLU()));
            inC = channels[i];
            hs.Add(hs[^1] / 2);
            ws.Add(ws[^1] / 2);
        }
        enc.Add(("flatten", Flatten()));
        _encoder = Sequential(enc);
        _bottomH = hs[^1];
        _bottomW = ws[^1];
        var flat = inC * _bottomH * _bottomW;
        _mu = Linear(flat, latentDim);
        _logVar = Linear(flat, latentDim);
        _fromLatent = Linear(latentDim, flat);

        // Parameters live in ConvTranspose2d modules (deconv{i}, as in PyTorch); the forward pass calls the functional
        // form because TorchSharp 0.107's module drops output_padding (measured: 431 came back as 416).
        _decoder = ModuleList<ConvTranspose2d>();
        var pads = new List<long[]>();
        for (var i = channels.Count - 1; i >= 0; i--)
        {
            var outC = i == 0 ? 1 : channels[i - 1];
            _decoder.Add(ConvTranspose2d(channels[i], outC, kernel_size: 4, stride: 2, padding: 1));
            // out = 2 * in + output_padding; the remainder of the encoder's halving is what was lost.
            pads.Add([hs[i] - 2 * hs[i + 1], ws[i] - 2 * ws[i + 1]]);
        }
        _outputPadding = pads.ToArray();

        RegisterComponents();
    }

    public override string Describe() =>
        $"ConvVae 1x{Height}x{Width} -conv4x4/2-> {string.Join("-", _channels)} ({_channels[^1]}x{_bottomH}x{_bottomW}) -> {LatentDim}";

    public override (Tensor Mu, Tensor LogVar) Encode(Tensor x, Tensor? condition)
    {
        CheckCondition(condition);
        var h = _encoder.forward(x);
        return (_mu.forward(h), _logVar.forward(h));
    }

    public override Tensor Decode(Tensor z, Tensor? condition)
    {
        CheckCondition(condition);
        var h = functional.relu(_fromLatent.forward(z)).view(-1, _channels[^1], _bottomH, _bottomW);
        for (var i = 0; i < _decoder.Count; i++)
        {
            var layer = _decoder[i];
            h = functional.conv_transpose2d(h, layer.weight!, layer.bias, strides: [2, 2], padding: [1, 1], output_padding: _outputPadding[i]);
            if (i < _decoder.Count - 1) h = functional.relu(h);
        }
        return h;
    }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MusicDashboard.Training.Models;

/// <summary>
/// Variational autoencoder over feature vectors (pooled MFCCs): a ReLU MLP encoder to the mean and log-variance of a
/// diagonal Gaussian q(z|x), the reparameterised sample, and a mirrored MLP decoder back to x.
/// </summary>
public sealed class MlpVae : Module<Tensor, VaeOutput>
{
    private readonly Sequential _encoder;
    private readonly Linear _mu;
    private readonly Linear _logVar;
    private readonly Sequential _decoder;

    public int InputDim { get; }
    public int LatentDim { get; }

    public MlpVae(int inputDim, IReadOnlyList<int> hidden, int latentDim) : base(nameof(MlpVae))
    {
        if (inputDim <= 0 || latentDim <= 0 || hidden.Count == 0 || hidden.Any(h => h <= 0))
            throw new ArgumentException("input, latent and every hidden size must be positive, with at least one hidden layer");
        InputDim = inputDim;
        LatentDim = latentDim;

        var enc = new List<(string, Module<Tensor, Tensor>)>();
        var width = inputDim;
        for (var i = 0; i < hidden.Count; i++)
        {
            enc.Add(($"fc{i}", Linear(width, hidden[i])));
            enc.Add(($"act{i}", ReLU()));
            width = hidden[i];
        }
        _encoder = Sequential(enc);
        _mu = Linear(width, latentDim);
        _logVar = Linear(width, latentDim);

        var dec = new List<(string, Module<Tensor, Tensor>)>();
        width = latentDim;
        for (var i = hidden.Count - 1; i >= 0; i--)
        {
            dec.Add(($"fc{i}", Linear(width, hidden[i])));
            dec.Add(($"act{i}", ReLU()));
            width = hidden[i];
        }
        dec.Add(("out", Linear(width, inputDim)));
        _decoder = Sequential(dec);

        RegisterComponents();
    }

    public (Tensor Mu, Tensor LogVar) Encode(Tensor x)
    {
        var h = _encoder.forward(x);
        return (_mu.forward(h), _logVar.forward(h));
    }

    public Tensor Decode(Tensor z) => _decoder.forward(z);

    public override VaeOutput forward(Tensor x)
    {
        var (mu, logVar) = Encode(x);
        // z = mu + sigma * eps keeps the sample differentiable in mu and sigma.
        var z = mu + exp(0.5 * logVar) * randn_like(mu);
        return new VaeOutput(Decode(z), mu, logVar);
    }
}

public sealed record VaeOutput(Tensor Reconstruction, Tensor Mu, Tensor LogVar);

/// <summary>ELBO terms per sample: Gaussian reconstruction (sum of squared errors, i.e. unit-variance likelihood up to a
/// constant and a factor 1/2 absorbed in beta) and the closed-form KL of N(mu, sigma^2) to N(0, I).</summary>
public static class VaeLoss
{
    public static (Tensor Total, Tensor Reconstruction, Tensor Kl) Compute(VaeOutput output, Tensor target, double beta)
    {
        var batch = target.shape[0];
        var recon = (output.Reconstruction - target).pow(2).sum() / batch;
        var kl = -0.5 * (1 + output.LogVar - output.Mu.pow(2) - output.LogVar.exp()).sum() / batch;
        return (recon + beta * kl, recon, kl);
    }
}

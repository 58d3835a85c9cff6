using MusicDashboard.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Training.Models;

/// <summary>
/// ELBO terms, summed over a sample's elements and averaged over the batch (per-sample figures): the reconstruction
/// negative log-likelihood and the closed-form KL of N(mu, sigma^2) to N(0, I). MSE is the Gaussian likelihood with unit
/// variance up to a constant (the factor 1/2 is absorbed in beta); Bernoulli is binary cross-entropy on logits for
/// targets scaled to [0, 1].
/// </summary>
public static class VaeLoss
{
    public static (Tensor Total, Tensor Reconstruction, Tensor Kl) Compute(VaeOutput output, Tensor target, double beta,
        ReconstructionLoss kind = ReconstructionLoss.Mse)
    {
        // Explicit Scalars, disposed on return: an implicit number -> Scalar temporary can be finalised while libtorch
        // still reads it (the "Expected false to be true ... toDouble" failure; see Spectrogram.PowerToDb).
        using var batch = ((double)target.shape[0]).ToScalar();
        using var one = 1.ToScalar();
        using var minusHalf = (-0.5).ToScalar();
        using var betaScalar = beta.ToScalar();
        var recon = kind switch
        {
            ReconstructionLoss.Mse => Squared(output.Reconstruction - target).sum() / batch,
            ReconstructionLoss.Bernoulli => nn.functional.binary_cross_entropy_with_logits(output.Reconstruction, target, reduction: nn.Reduction.Sum) / batch,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown reconstruction loss"),
        };
        var kl = minusHalf * (output.LogVar.Plus(one) - output.Mu * output.Mu - output.LogVar.exp()).sum() / batch;
        return (recon.Plus(betaScalar * kl), recon, kl);
    }

    private static Tensor Squared(Tensor d) => d * d;

    /// <summary>The reconstruction in input units: the decoder's output for MSE, sigmoid of the logits for Bernoulli.</summary>
    public static Tensor Mean(Tensor decoded, ReconstructionLoss kind) => kind == ReconstructionLoss.Bernoulli ? sigmoid(decoded) : decoded;
}

using MusicDashboard.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Training.Models;

/// <summary>
/// What the trainer needs of every VAE of the family: an encoder to the mean and log-variance of a diagonal Gaussian
/// q(z|x[,c]) and a decoder back to x. A condition vector c (CVAE) is given to both, or null for an unconditional model.
/// The decoder returns the reconstruction for MSE and logits for the Bernoulli loss.
/// </summary>
public abstract class VaeModel : nn.Module
{
    protected VaeModel(string name) : base(name) { }

    public abstract int LatentDim { get; }
    /// <summary>Width of the condition vector; 0 = unconditional.</summary>
    public abstract int ConditionDim { get; }
    /// <summary>Shape of one sample (e.g. [40] or [1, 128, 431]).</summary>
    public abstract long[] SampleShape { get; }
    /// <summary>One line describing the architecture, for logs.</summary>
    public abstract string Describe();

    public abstract (Tensor Mu, Tensor LogVar) Encode(Tensor x, Tensor? condition);
    public abstract Tensor Decode(Tensor z, Tensor? condition);

    /// <summary>Reparameterised forward pass: z = mu + sigma * eps keeps the sample differentiable in mu and sigma.</summary>
    public VaeOutput Forward(Tensor x, Tensor? condition, Tensor? eps = null)
    {
        var (mu, logVar) = Encode(x, condition);
        // Explicit Scalars, disposed here: an implicit double -> Scalar temporary can be finalised while libtorch reads it.
        using var half = 0.5.ToScalar();
        var z = mu.Plus(exp(half * logVar) * (eps ?? randn_like(mu))); // Plus, not +: see TorchScalars
        return new VaeOutput(Decode(z, condition), mu, logVar);
    }

    protected void CheckCondition(Tensor? condition)
    {
        if (ConditionDim == 0 && condition is not null) throw new ArgumentException($"{GetName()} is unconditional but was given a condition");
        if (ConditionDim > 0 && (condition is null || condition.shape[^1] != ConditionDim))
            throw new ArgumentException($"{GetName()} needs a condition of width {ConditionDim}");
    }
}

public sealed record VaeOutput(Tensor Reconstruction, Tensor Mu, Tensor LogVar);

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

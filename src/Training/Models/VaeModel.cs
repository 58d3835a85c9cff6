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

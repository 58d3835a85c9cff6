using MusicDashboard.Core.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MusicDashboard.Training.Models;

/// <summary>
/// Adam (Kingma and Ba), the update of torch.optim.Adam without amsgrad: L2 weight decay added to the gradient, moments
/// m and v with bias correction, p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
/// Ours rather than TorchSharp's optim.Adam because that one passes implicit number -> Scalar temporaries to libtorch
/// without keeping them alive: the garbage collector's finaliser can free one while libtorch reads it, which fails as
/// "Expected false to be true ... toDouble" at random after hours of training (tests/Training.Tests FinaliserStressTests
/// shows it within seconds). Every Scalar here is explicit and disposed after the update.
/// </summary>
public sealed class AdamOptimizer : IDisposable
{
    private const string Magic = "MusicDashboard.Adam/1";
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _m;
    private readonly Tensor[] _v;

    public double LearningRate { get; }
    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Eps { get; }
    public double WeightDecay { get; }
    /// <summary>Updates made so far (the t of the bias correction).</summary>
    public long Steps { get; private set; }

    public AdamOptimizer(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0)
    {
        if (!(lr > 0)) throw new ArgumentException("learning rate must be positive");
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) throw new ArgumentException("Adam's betas must lie in [0, 1)");
        if (!(eps >= 0) || !(weightDecay >= 0)) throw new ArgumentException("eps and weight decay must be >= 0");
        _parameters = parameters.ToArray();
        (LearningRate, Beta1, Beta2, Eps, WeightDecay) = (lr, beta1, beta2, eps, weightDecay);
        _m = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _v = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
    }

    public void ZeroGrad()
    {
        foreach (var p in _parameters)
        {
            var g = p.grad;
            if (g is not null) g.zero_();
        }
    }

    public void Step()
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        Steps++;
        var bias1 = 1 - Math.Pow(Beta1, Steps);
        var bias2 = 1 - Math.Pow(Beta2, Steps);
        using var beta1 = Beta1.ToScalar();
        using var oneMinusBeta1 = (1 - Beta1).ToScalar();
        using var beta2 = Beta2.ToScalar();
        using var oneMinusBeta2 = (1 - Beta2).ToScalar();
        using var decay = WeightDecay.ToScalar();
        using var sqrtBias2 = Math.Sqrt(bias2).ToScalar();
        using var eps = Eps.ToScalar();
        using var minusStep = (-LearningRate / bias1).ToScalar();
        for (var i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            var g = p.grad;
            if (g is null) continue;
            if (WeightDecay != 0) g = g.add(p, decay);
            _m[i].mul_(beta1).add_(g, oneMinusBeta1);
            _v[i].mul_(beta2).addcmul_(g, g, oneMinusBeta2);
            var denominator = _v[i].sqrt().div_(sqrtBias2).add_(eps, TorchScalars.One); // add_(Scalar) alone makes an implicit alpha
            p.addcdiv_(_m[i], denominator, minusStep);
        }
    }

    /// <summary>Writes the step count and both moments of every parameter (float32, in parameter order).</summary>
    public void Save(string path)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(Magic);
        writer.Write(Steps);
        writer.Write(_parameters.Length);
        foreach (var t in _m.Concat(_v))
        {
            var values = t.contiguous().cpu().to_type(ScalarType.Float32).data<float>().ToArray();
            writer.Write(values.Length);
            foreach (var v in values) writer.Write(v);
        }
    }

    /// <summary>Reads what <see cref="Save"/> wrote; refuses a file of another optimizer or another set of parameters.</summary>
    public void Load(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        string magic;
        try { magic = reader.ReadString(); }
        catch (Exception e) when (e is EndOfStreamException or IOException) { throw new ArgumentException($"'{path}' is not an Adam state file"); }
        if (magic != Magic) throw new ArgumentException($"'{path}' is not an Adam state file of this version (expected {Magic})");
        var steps = reader.ReadInt64();
        var count = reader.ReadInt32();
        if (count != _parameters.Length) throw new ArgumentException($"'{path}' holds Adam state for {count} parameters, the model has {_parameters.Length}");
        foreach (var t in _m.Concat(_v))
        {
            var n = reader.ReadInt32();
            if (n != t.numel()) throw new ArgumentException($"'{path}' holds a moment of {n} values where the model needs {t.numel()}");
            var values = new float[n];
            for (var k = 0; k < n; k++) values[k] = reader.ReadSingle();
            using var loaded = tensor(values, t.shape, device: t.device);
            using var __ = no_grad();
            t.copy_(loaded);
        }
        Steps = steps;
    }

    public void Dispose()
    {
        foreach (var t in _m.Concat(_v)) t.Dispose();
    }
}

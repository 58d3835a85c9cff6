using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MusicDashboard.Training.Models;

/// <summary>
/// Initial weights drawn from a generator of the run's own. TorchSharp's layer constructors take no generator: they draw
/// from torch's process-wide one, which any other thread (another run, a Whisper model being built, a test) draws from
/// too, so seeding it and building, even under a lock, gave other weights whenever another thread built a layer at the
/// same moment (repeated trainings differed about once in 600 inside the full suite). After the model is built, every
/// layer's parameters are drawn again, in registration order, exactly as PyTorch's defaults draw them
/// (<c>reset_parameters</c>: weight ~ U(-b, b) from kaiming_uniform_(a = sqrt 5), bias ~ U(-b, b), b = 1 / sqrt(fan_in)),
/// from a private generator seeded with the run's seed: the same numbers as seeding the global generator and building on
/// a quiet thread, whatever other threads do.
/// </summary>
public static class SeededInitialisation
{
    /// <summary>Builds the model and draws its initial weights from a generator seeded with <paramref name="seed"/>.</summary>
    public static VaeModel Build(Func<VaeModel> build, int seed)
    {
        var model = build();
        try
        {
            Apply(model, seed);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Redraws every parameter of <paramref name="model"/> from a generator seeded with <paramref name="seed"/>,
    /// in the order the layers were registered. A layer whose default initialisation is not PyTorch's
    /// fan-in uniform is refused rather than silently left to the global generator.</summary>
    public static void Apply(nn.Module model, int seed)
    {
        using var generator = new Generator((ulong)seed, device("cpu"));
        using var noGrad = no_grad();
        // Parameters in registration order (depth first: encoder layers, heads, decoder layers), the order in which the
        // constructors drew them; named_modules() lists breadth first and would draw the heads before the encoder's layers.
        var modules = model.named_modules().ToDictionary(m => m.name, m => m.module);
        var owners = model.named_parameters().Select(p => p.name.Contains('.') ? p.name[..p.name.LastIndexOf('.')] : "").Distinct();
        foreach (var name in owners)
        {
            var module = name.Length == 0 ? model : modules[name];
            if (module is not (Linear or Convolution))
                throw new NotSupportedException($"layer '{name}' ({module.GetType().Name}) has parameters with no seeded initialisation: add one to {nameof(SeededInitialisation)}");
            Redraw(name, module, generator);
        }
    }

    private static void Redraw(string name, nn.Module layer, Generator generator)
    {
        var parameters = layer.named_parameters(recurse: false).ToDictionary(p => p.name, p => p.parameter);
        if (!parameters.TryGetValue("weight", out var weight) || parameters.Keys.Any(k => k is not ("weight" or "bias")))
            throw new NotSupportedException($"layer '{name}' has parameters {string.Join(", ", parameters.Keys)}; expected weight and bias");
        // PyTorch's _calculate_fan_in_and_fan_out: fan_in = size(1) x receptive field (also for transposed convolutions).
        var fanIn = weight.shape[1] * weight.shape.Skip(2).Aggregate(1L, (a, b) => a * b);
        // kaiming_uniform_(a = sqrt 5) computed the way libtorch does (gain, std, bound), so the bounds agree to the bit.
        var a = Math.Sqrt(5.0);
        var gain = Math.Sqrt(2.0 / (1 + a * a));
        Draw(weight, Math.Sqrt(3.0) * (gain / Math.Sqrt(fanIn)), generator);
        if (parameters.TryGetValue("bias", out var bias)) Draw(bias, 1.0 / Math.Sqrt(fanIn), generator);
    }

    private static void Draw(Tensor parameter, double bound, Generator generator)
    {
        // Drawn on the CPU (where the generator lives) and copied, so a model already moved to another device is seeded alike.
        using var values = empty(parameter.shape, parameter.dtype, device("cpu")).uniform_(-bound, bound, generator);
        parameter.copy_(values);
    }
}

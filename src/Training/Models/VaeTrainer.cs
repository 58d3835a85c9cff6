using System.Diagnostics;
using MusicDashboard.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Training.Models;

/// <summary>Training settings of a VAE (Table 1 of the study gives latent dim, epochs and batch; the rest is ours, documented).</summary>
public sealed record VaeSettings
{
    public int LatentDim { get; init; } = 16;
    public int[] Hidden { get; init; } = [256, 128];
    public int Epochs { get; init; } = 50;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 1e-3;
    public double WeightDecay { get; init; }
    /// <summary>Weight of the KL term (beta-VAE); 1 is the plain ELBO.</summary>
    public double Beta { get; init; } = 1.0;
    /// <summary>Epochs over which beta rises linearly from 0 to <see cref="Beta"/>; 0 = no warm-up.</summary>
    public int KlWarmupEpochs { get; init; }
    /// <summary>Global gradient-norm clip; 0 = off.</summary>
    public double GradientClip { get; init; } = 5.0;
    /// <summary>Channels of the Conv-VAE's strided convolutions, first to last (the decoder mirrors them).</summary>
    public int[] ConvChannels { get; init; } = [32, 64, 128, 256];
    /// <summary>Reconstruction term: Gaussian/MSE (standardised vectors) or Bernoulli (inputs scaled to [0, 1]).</summary>
    public ReconstructionLoss Reconstruction { get; init; } = ReconstructionLoss.Mse;
    /// <summary>Fraction of clips held out for a validation loss; 0 = none.</summary>
    public double ValidationFraction { get; init; }
    /// <summary>Save a checkpoint every N epochs (and always at the end); 0 = only at the end.</summary>
    public int CheckpointEvery { get; init; } = 10;
    /// <summary>Publish a PCA projection of the latent means every N epochs while training; 0 = never.</summary>
    public int ProjectionEvery { get; init; } = 5;

    public IEnumerable<string> Validate() => Problems().Select(p => p.Message);

    /// <summary>Problems with the field they concern (camelCase JSON path under "vae"), for forms and the API.</summary>
    public IEnumerable<(string Field, string Message)> Problems()
    {
        if (LatentDim is < 1 or > 1024) yield return ("vae.latentDim", "latent dim must be between 1 and 1024");
        if (Hidden is null || Hidden.Length == 0 || Hidden.Any(h => h is < 1 or > 8192)) yield return ("vae.hidden", "hidden sizes must be between 1 and 8192, at least one layer");
        if (Epochs is < 1 or > 10000) yield return ("vae.epochs", "epochs must be between 1 and 10000");
        if (BatchSize is < 1 or > 65536) yield return ("vae.batchSize", "batch size must be between 1 and 65536");
        if (!(LearningRate > 0 && LearningRate < 1)) yield return ("vae.learningRate", "learning rate must be in (0, 1)");
        if (!(WeightDecay >= 0 && double.IsFinite(WeightDecay))) yield return ("vae.weightDecay", "weight decay must be a finite number >= 0");
        if (!(Beta >= 0 && double.IsFinite(Beta))) yield return ("vae.beta", "beta must be a finite number >= 0");
        if (KlWarmupEpochs < 0) yield return ("vae.klWarmupEpochs", "KL warm-up epochs must be >= 0");
        if (!(GradientClip >= 0 && double.IsFinite(GradientClip))) yield return ("vae.gradientClip", "gradient clip must be a finite number >= 0 (0 = off)");
        if (ConvChannels is null || ConvChannels.Length == 0 || ConvChannels.Any(c => c is < 1 or > 4096)) yield return ("vae.convChannels", "conv channels must be between 1 and 4096, at least one layer");
        if (!(ValidationFraction >= 0 && ValidationFraction < 0.9)) yield return ("vae.validationFraction", "validation fraction must be in [0, 0.9)");
        if (CheckpointEvery < 0) yield return ("vae.checkpointEvery", "checkpoint interval must be >= 0 (0 = only at the end)");
        if (ProjectionEvery < 0) yield return ("vae.projectionEvery", "projection interval must be >= 0 (0 = never)");
    }

    public double BetaAt(int epoch) => KlWarmupEpochs <= 0 ? Beta : Beta * Math.Min(1.0, (double)epoch / KlWarmupEpochs);
}

public enum ReconstructionLoss { Mse, Bernoulli }

public sealed record EpochReport(int Epoch, int Epochs, double Loss, double Reconstruction, double Kl, double Beta, double Seconds);

public sealed class TrainingDivergedException(int epoch, string what)
    : Exception($"training diverged at epoch {epoch}: the {what} became NaN or infinite (try a lower learning rate or beta)")
{
    public int Epoch { get; } = epoch;
}

/// <summary>
/// Trains an <see cref="MlpVae"/> on rows of a feature matrix and returns the latent means. Runs synchronously on the
/// calling thread (TorchSharp dispose scopes are thread-static), checks cancellation between batches, and hands out only
/// plain numbers.
/// </summary>
public static class VaeTrainer
{
    public static float[][] TrainAndEmbed(float[][] x, VaeSettings s, int seed, Action<EpochReport>? onEpoch, CancellationToken ct)
    {
        var problems = s.Validate().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems));
        if (x.Length == 0) throw new ArgumentException("no rows to train on");
        var dim = x[0].Length;
        var device = TorchRuntime.Device;

        torch.random.manual_seed(seed);
        using var model = new MlpVae(dim, s.Hidden, s.LatentDim);
        model.to(device);
        using var data = tensor(Flatten(x), [x.Length, dim], device: device);
        using var optimizer = optim.Adam(model.parameters(), lr: s.LearningRate, weight_decay: s.WeightDecay);

        var order = Enumerable.Range(0, x.Length).ToArray();
        var shuffler = new Random(seed);
        for (var epoch = 1; epoch <= s.Epochs; epoch++)
        {
            var watch = Stopwatch.StartNew();
            var beta = s.BetaAt(epoch);
            shuffler.Shuffle(order);
            double sumLoss = 0, sumRecon = 0, sumKl = 0;
            model.train();
            for (var start = 0; start < order.Length; start += s.BatchSize)
            {
                ct.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var count = Math.Min(s.BatchSize, order.Length - start);
                var idx = tensor(order.AsSpan(start, count).ToArray().Select(i => (long)i).ToArray(), device: device);
                var batch = data.index_select(0, idx);
                optimizer.zero_grad();
                var (total, recon, kl) = VaeLoss.Compute(model.forward(batch), batch, beta);
                total.backward();
                if (s.GradientClip > 0) nn.utils.clip_grad_norm_(model.parameters(), s.GradientClip);
                optimizer.step();
                sumLoss += total.item<float>() * count;
                sumRecon += recon.item<float>() * count;
                sumKl += kl.item<float>() * count;
            }
            var n = order.Length;
            var report = new EpochReport(epoch, s.Epochs, sumLoss / n, sumRecon / n, sumKl / n, beta, watch.Elapsed.TotalSeconds);
            if (!double.IsFinite(report.Reconstruction)) throw new TrainingDivergedException(epoch, "reconstruction loss");
            if (!double.IsFinite(report.Kl)) throw new TrainingDivergedException(epoch, "KL term");
            onEpoch?.Invoke(report);
        }

        return Embed(model, data, s.BatchSize * 4);
    }

    /// <summary>Latent means of every row, in batches, without gradients.</summary>
    private static float[][] Embed(MlpVae model, Tensor data, int batchSize)
    {
        model.eval();
        var n = (int)data.shape[0];
        var result = new float[n][];
        using var _ = no_grad();
        for (var start = 0; start < n; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(batchSize, n - start);
            var (mu, _) = model.Encode(data.narrow(0, start, count));
            var flat = mu.cpu().data<float>().ToArray();
            for (var i = 0; i < count; i++) result[start + i] = flat.AsSpan(i * model.LatentDim, model.LatentDim).ToArray();
        }
        return result;
    }

    private static float[] Flatten(float[][] x)
    {
        var dim = x[0].Length;
        var flat = new float[x.Length * dim];
        for (var i = 0; i < x.Length; i++)
        {
            if (x[i].Length != dim) throw new ArgumentException($"row {i} has {x[i].Length} values, expected {dim}");
            x[i].CopyTo(flat, i * dim);
        }
        return flat;
    }
}

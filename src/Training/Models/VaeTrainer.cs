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
    /// <summary>
    /// Weight of the same-track term per input value (ours, beyond the study; 0 = off, the study's plain ELBO). The term:
    /// within a batch, the mean squared distance between the latent means of clips of the same track divided by the mean
    /// over all pairs (free of the latent scale, so it cannot be met by shrinking everything). It is multiplied by this
    /// weight times the number of values per sample, as the reconstruction term grows with the input's size (40-d MFCC:
    /// 7.5 x 40 = 300 in the vector presets; 0.25 x 55 168 for a 128 x 431 image). Batches are then built from whole tracks in a
    /// shuffled track order. Clips of one recording are a label-free positive pair (as in contrastive audio learning): the
    /// term makes the latent space keep what a track's clips share and drop what varies within a track. Needs the track of
    /// every sample (<see cref="TrainingSet.Groups"/>); never the genre.
    /// </summary>
    public double TrackConsistency { get; init; }

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
        if (!(TrackConsistency >= 0 && TrackConsistency <= 100)) yield return ("vae.trackConsistency", "track consistency must be between 0 (off) and 100 (per input value)");
    }

    public double BetaAt(int epoch) => KlWarmupEpochs <= 0 ? Beta : Beta * Math.Min(1.0, (double)epoch / KlWarmupEpochs);
}

public enum ReconstructionLoss { Mse, Bernoulli }

/// <summary>One finished epoch: per-sample averages of the ELBO terms over the training rows, the held-out loss when a
/// validation split is set, the beta and learning rate in force, and the epoch's wall time.</summary>
public sealed record EpochReport(int Epoch, int Epochs, double Loss, double Reconstruction, double Kl, double Beta, double Seconds,
    double? ValidationLoss = null, double LearningRate = 0)
{
    /// <summary>Per-sample average of the same-track term (before its weight) when <see cref="VaeSettings.TrackConsistency"/> is on.</summary>
    public double? TrackConsistency { get; init; }
}

public sealed class TrainingDivergedException(int epoch, string what)
    : Exception($"training diverged at epoch {epoch}: the {what} became NaN or infinite (try a lower learning rate or beta)")
{
    public int Epoch { get; } = epoch;
}

/// <summary>
/// Training rows as one flat row-major array: <paramref name="Count"/> samples of <paramref name="SampleShape"/> (e.g. [40]
/// or [1, 128, 431]), and optionally a condition vector per sample for the CVAE.
/// </summary>
public sealed record TrainingSet(float[] Values, int Count, long[] SampleShape, float[]? Conditions = null, int ConditionDim = 0)
{
    public long SampleSize => SampleShape.Aggregate(1L, (a, b) => a * b);
    /// <summary>The track (any id) of every sample, for <see cref="VaeSettings.TrackConsistency"/>; null = unknown.</summary>
    public int[]? Groups { get; init; }

    public static TrainingSet FromRows(float[][] rows, float[][]? conditions = null)
    {
        if (rows.Length == 0) throw new ArgumentException("no rows to train on");
        var flat = Flatten(rows, "row");
        var cond = conditions is null ? null : Flatten(conditions, "condition");
        if (conditions is not null && conditions.Length != rows.Length) throw new ArgumentException($"{conditions.Length} conditions for {rows.Length} rows");
        return new TrainingSet(flat, rows.Length, [rows[0].Length], cond, conditions?[0].Length ?? 0);
    }

    internal static float[] Flatten(float[][] x, string what)
    {
        var dim = x[0].Length;
        var flat = new float[x.Length * dim];
        for (var i = 0; i < x.Length; i++)
        {
            if (x[i].Length != dim) throw new ArgumentException($"{what} {i} has {x[i].Length} values, expected {dim}");
            x[i].CopyTo(flat, i * dim);
        }
        return flat;
    }

    internal void Check()
    {
        if (Count <= 0) throw new ArgumentException("no rows to train on");
        if (Values.LongLength != Count * SampleSize) throw new ArgumentException($"{Values.LongLength} values for {Count} samples of {string.Join("x", SampleShape)}");
        if (Conditions is not null && Conditions.LongLength != (long)Count * ConditionDim) throw new ArgumentException($"{Conditions.LongLength} condition values for {Count} samples of width {ConditionDim}");
        if (Groups is not null && Groups.Length != Count) throw new ArgumentException($"{Groups.Length} track ids for {Count} samples");
    }
}

/// <summary>What a caller wants besides the result: events, a checkpoint folder, a checkpoint to resume from.</summary>
public sealed record TrainingOptions
{
    public Action<EpochReport>? OnEpoch { get; init; }
    /// <summary>Latent means of every sample, every <see cref="VaeSettings.ProjectionEvery"/> epochs before the last.</summary>
    public Action<int, float[][]>? OnLatentMeans { get; init; }
    /// <summary>Where checkpoints go (every <see cref="VaeSettings.CheckpointEvery"/> epochs and at the end); null = none.</summary>
    public string? CheckpointFolder { get; init; }
    /// <summary>A checkpoint folder to continue from; its settings must match (the epoch count may be raised).</summary>
    public string? ResumeFrom { get; init; }
    /// <summary>The run configuration, stored in the checkpoint so a checkpoint says what made it.</summary>
    public string ConfigJson { get; init; } = "";
    public Action<string>? Log { get; init; }
}

public sealed record TrainingResult(float[][] LatentMeans, IReadOnlyList<EpochReport> Epochs, string Model, int ResumedAfterEpoch);

/// <summary>
/// Trains any <see cref="VaeModel"/> with the ELBO and returns the latent means of every sample. Runs synchronously on the
/// calling thread (TorchSharp dispose scopes are thread-static): each batch in its own dispose scope, cancellation checked
/// between batches, only plain numbers handed out. Deterministic on CPU for a seed and thread count: the weights come from
/// the seed, and each epoch reseeds both its shuffle and its own noise generator (not torch's global one) from (seed, epoch), which is also what
/// makes a resumed run identical to an uninterrupted one.
/// </summary>
public static class VaeTrainer
{
    public static float[][] TrainAndEmbed(float[][] x, VaeSettings s, int seed, Action<EpochReport>? onEpoch, CancellationToken ct)
    {
        if (x.Length == 0) throw new ArgumentException("no rows to train on");
        ThrowIfInvalid(s);
        var dim = x[0].Length;
        return Train(() => new MlpVae(dim, s.Hidden, s.LatentDim), TrainingSet.FromRows(x), s, seed, new TrainingOptions { OnEpoch = onEpoch }, ct).LatentMeans;
    }

    private static void ThrowIfInvalid(VaeSettings s)
    {
        var problems = s.Validate().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems));
    }

    public static TrainingResult Train(Func<VaeModel> build, TrainingSet data, VaeSettings s, int seed, TrainingOptions? options, CancellationToken ct)
    {
        ThrowIfInvalid(s);
        data.Check();
        if (s.TrackConsistency > 0 && data.Groups is null)
            throw new ArgumentException("track consistency needs the track of every clip (TrainingSet.Groups)");
        options ??= new TrainingOptions();
        var device = TorchRuntime.Device;

        using var model = SeededInitialisation.Build(build, seed);
        if (!model.SampleShape.SequenceEqual(data.SampleShape))
            throw new ArgumentException($"the model reads samples of {string.Join("x", model.SampleShape)}, the data has {string.Join("x", data.SampleShape)}");
        if (model.ConditionDim != (data.Conditions is null ? 0 : data.ConditionDim))
            throw new ArgumentException($"the model takes a condition of width {model.ConditionDim}, the data has {(data.Conditions is null ? 0 : data.ConditionDim)}");
        model.to(device);
        using var x = tensor(data.Values, [data.Count, .. data.SampleShape], device: device);
        using var c = data.Conditions is null ? null : tensor(data.Conditions, [data.Count, data.ConditionDim], device: device);
        using var optimizer = new AdamOptimizer(model.parameters(), lr: s.LearningRate, weightDecay: s.WeightDecay);

        var (trainRows, validRows) = Split(data.Count, s.ValidationFraction, seed);
        // The reparameterisation noise comes from this run's own generator: the global one is shared by every thread.
        using var noise = new Generator((ulong)seed, device);
        var history = new List<EpochReport>();
        var resumedAfter = 0;
        if (options.ResumeFrom is not null)
        {
            resumedAfter = Checkpoint.Load(options.ResumeFrom, model, optimizer, s, seed, history);
            options.Log?.Invoke($"resumed from {options.ResumeFrom} after epoch {resumedAfter}");
        }

        for (var epoch = resumedAfter + 1; epoch <= s.Epochs; epoch++)
        {
            var watch = Stopwatch.StartNew();
            var beta = s.BetaAt(epoch);
            var epochSeed = EpochSeed(seed, epoch);
            noise.manual_seed(epochSeed);
            var order = s.TrackConsistency > 0 ? TrackOrder(trainRows, data.Groups!, epochSeed) : (int[])trainRows.Clone();
            if (s.TrackConsistency <= 0) new Random((int)(epochSeed & int.MaxValue)).Shuffle(order);
            double sumLoss = 0, sumRecon = 0, sumKl = 0, sumTrack = 0;
            model.train();
            for (var start = 0; start < order.Length; start += s.BatchSize)
            {
                ct.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var count = Math.Min(s.BatchSize, order.Length - start);
                var idx = Index(order, start, count, device);
                var batch = x.index_select(0, idx);
                optimizer.ZeroGrad();
                var eps = randn([count, model.LatentDim], generator: noise, device: device);
                var output = model.Forward(batch, c?.index_select(0, idx), eps);
                var (total, recon, kl) = VaeLoss.Compute(output, batch, beta, s.Reconstruction);
                var track = s.TrackConsistency > 0 ? TrackTerm(output.Mu, order, start, count, data.Groups!, device) : null;
                if (track is not null)
                {
                    using var weight = (s.TrackConsistency * data.SampleSize).ToScalar();
                    total = total.Plus(weight * track);
                }
                var (t, r, k) = (total.item<float>(), recon.item<float>(), kl.item<float>());
                // Stop before a non-finite loss reaches the weights: the reason names the term that broke.
                if (!float.IsFinite(r)) throw new TrainingDivergedException(epoch, "reconstruction loss");
                if (!float.IsFinite(k)) throw new TrainingDivergedException(epoch, "KL term");
                if (!float.IsFinite(t)) throw new TrainingDivergedException(epoch, "track-consistency term");
                if (track is not null) sumTrack += track.item<float>() * count;
                total.backward();
                if (s.GradientClip > 0) nn.utils.clip_grad_norm_(model.parameters(), s.GradientClip);
                optimizer.Step();
                sumLoss += t * count;
                sumRecon += r * count;
                sumKl += k * count;
            }
            var n = order.Length;
            double? validation = validRows.Length == 0 ? null : ValidationLoss(model, x, c, validRows, s, beta, noise, device, ct);
            var report = new EpochReport(epoch, s.Epochs, sumLoss / n, sumRecon / n, sumKl / n, beta, watch.Elapsed.TotalSeconds, validation, s.LearningRate)
            {
                TrackConsistency = s.TrackConsistency > 0 ? sumTrack / n : null,
            };
            history.Add(report);
            options.OnEpoch?.Invoke(report);

            if (options.CheckpointFolder is not null && (epoch == s.Epochs || (s.CheckpointEvery > 0 && epoch % s.CheckpointEvery == 0)))
                Checkpoint.Save(options.CheckpointFolder, model, optimizer, s, seed, epoch, history, options.ConfigJson);
            if (options.OnLatentMeans is not null && s.ProjectionEvery > 0 && epoch % s.ProjectionEvery == 0 && epoch < s.Epochs)
                options.OnLatentMeans(epoch, Embed(model, x, c, EmbedBatch(s), ct));
        }

        return new TrainingResult(Embed(model, x, c, EmbedBatch(s), ct), history, model.Describe(), resumedAfter);
    }

    private static int EmbedBatch(VaeSettings s) => Math.Max(s.BatchSize, 64);

    /// <summary>Rows grouped by track, tracks in an order shuffled from the epoch seed, rows within a track in order: a
    /// batch then holds whole tracks (a track may straddle two batches).</summary>
    public static int[] TrackOrder(int[] rows, int[] groups, long epochSeed)
    {
        var byTrack = rows.GroupBy(r => groups[r]).Select(g => g.ToArray()).ToArray();
        new Random((int)(epochSeed & int.MaxValue)).Shuffle(byTrack);
        return byTrack.SelectMany(g => g).ToArray();
    }

    /// <summary>Mean squared distance between latent means of same-track pairs over the mean over all pairs of the batch;
    /// null when the batch has no two clips of one track.</summary>
    private static Tensor? TrackTerm(Tensor mu, int[] order, int start, int count, int[] groups, Device device)
    {
        var same = new float[count * count];
        var off = new float[count * count];
        var pairs = 0;
        for (var i = 0; i < count; i++)
            for (var j = 0; j < count; j++)
            {
                if (i == j) continue;
                off[i * count + j] = 1;
                if (groups[order[start + i]] != groups[order[start + j]]) continue;
                same[i * count + j] = 1;
                pairs++;
            }
        if (pairs == 0) return null;
        var diff = mu.unsqueeze(1) - mu.unsqueeze(0);                 // [B, B, D]
        var distance = (diff * diff).sum(-1);                          // [B, B]
        using var sameCount = ((double)pairs).ToScalar();
        using var allCount = ((double)(count * (count - 1))).ToScalar();
        using var tiny = 1e-8.ToScalar();
        var within = (distance * tensor(same, [count, count], device: device)).sum() / sameCount;
        var overall = (distance * tensor(off, [count, count], device: device)).sum() / allCount;
        return within / overall.Plus(tiny);
    }

    internal static long EpochSeed(int seed, int epoch) => (seed * 1_000_003L + epoch) & 0x7fff_ffff_ffffL;

    private static Tensor Index(int[] rows, int start, int count, Device device)
    {
        var ids = new long[count];
        for (var i = 0; i < count; i++) ids[i] = rows[start + i];
        return tensor(ids, device: device);
    }

    /// <summary>A fixed held-out set drawn from the seed (rows, not tracks: it measures fit, it does not pick models).</summary>
    private static (int[] Train, int[] Valid) Split(int count, double fraction, int seed)
    {
        var all = Enumerable.Range(0, count).ToArray();
        if (fraction <= 0) return (all, []);
        var valid = (int)Math.Round(count * fraction);
        if (valid < 1 || count - valid < 1)
            throw new ArgumentException($"validation fraction {fraction} of {count} rows leaves no training or no validation rows");
        new Random(seed ^ 0x5eed).Shuffle(all);
        return (all[valid..].Order().ToArray(), all[..valid].Order().ToArray());
    }

    private static double ValidationLoss(VaeModel model, Tensor x, Tensor? c, int[] rows, VaeSettings s, double beta, Generator noise, Device device, CancellationToken ct)
    {
        model.eval();
        using var _ = no_grad();
        double sum = 0;
        for (var start = 0; start < rows.Length; start += s.BatchSize)
        {
            ct.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var count = Math.Min(s.BatchSize, rows.Length - start);
            var idx = Index(rows, start, count, device);
            var batch = x.index_select(0, idx);
            var eps = randn([count, model.LatentDim], generator: noise, device: device);
            var (total, _, _) = VaeLoss.Compute(model.Forward(batch, c?.index_select(0, idx), eps), batch, beta, s.Reconstruction);
            sum += total.item<float>() * count;
        }
        return sum / rows.Length;
    }

    /// <summary>Latent means of every sample, in batches, without gradients.</summary>
    public static float[][] Embed(VaeModel model, Tensor x, Tensor? c, int batchSize, CancellationToken ct = default)
    {
        model.eval();
        var n = (int)x.shape[0];
        var result = new float[n][];
        using var _ = no_grad();
        for (var start = 0; start < n; start += batchSize)
        {
            ct.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var count = Math.Min(batchSize, n - start);
            var (mu, _) = model.Encode(x.narrow(0, start, count), c?.narrow(0, start, count));
            var flat = mu.cpu().data<float>().ToArray();
            for (var i = 0; i < count; i++) result[start + i] = flat.AsSpan(i * model.LatentDim, model.LatentDim).ToArray();
        }
        return result;
    }
}

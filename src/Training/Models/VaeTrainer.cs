using System.Diagnostics;
using MusicDashboard.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Training.Models;

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
                var (count, batch, condition, eps) = NextBatch(order, start, s.BatchSize, x, c, model.LatentDim, noise, device);
                optimizer.ZeroGrad();
                var output = model.Forward(batch, condition, eps);
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

    /// <summary>The rows order[start..start + batchSize) of the samples (and conditions), with the reparameterisation noise
    /// for them drawn from the run's generator.</summary>
    private static (int Count, Tensor Batch, Tensor? Condition, Tensor Eps) NextBatch(int[] order, int start, int batchSize, Tensor x,
        Tensor? c, int latentDim, Generator noise, Device device)
    {
        var count = Math.Min(batchSize, order.Length - start);
        var idx = Index(order, start, count, device);
        return (count, x.index_select(0, idx), c?.index_select(0, idx), randn([count, latentDim], generator: noise, device: device));
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
            var (count, batch, condition, eps) = NextBatch(rows, start, s.BatchSize, x, c, model.LatentDim, noise, device);
            var (total, _, _) = VaeLoss.Compute(model.Forward(batch, condition, eps), batch, beta, s.Reconstruction);
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

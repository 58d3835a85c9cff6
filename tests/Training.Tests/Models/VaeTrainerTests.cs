using MusicDashboard.Training.Pipeline;
using MusicDashboard.Training.Models;

namespace MusicDashboard.Training.Tests.Models;

public class VaeTrainerTests
{
    /// <summary>Two well-separated Gaussian blobs in 12-d: a VAE must learn to reconstruct them and keep them apart.</summary>
    private static float[][] Blobs(int perBlob, int seed, out int[] labels)
    {
        var rng = new Random(seed);
        var x = new List<float[]>();
        var l = new List<int>();
        for (var b = 0; b < 2; b++)
            for (var i = 0; i < perBlob; i++)
            {
                x.Add(Enumerable.Range(0, 12).Select(j => (float)((b == 0 ? 2.0 : -2.0) * (j % 2 == 0 ? 1 : -1) + 0.5 * Gaussian(rng))).ToArray());
                l.Add(b);
            }
        labels = l.ToArray();
        return x.ToArray();
    }

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static readonly VaeSettings Small = new() { LatentDim = 2, Hidden = [32, 16], Epochs = 30, BatchSize = 16, LearningRate = 3e-3 };

    [Fact]
    public void LossFallsAndLatentMeansSeparateTheBlobs()
    {
        var x = Blobs(40, 1, out var labels);
        var epochs = new List<EpochReport>();
        var mu = VaeTrainer.TrainAndEmbed(x, Small, seed: 3, epochs.Add, CancellationToken.None);

        Assert.Equal(Small.Epochs, epochs.Count);
        Assert.Equal(Enumerable.Range(1, Small.Epochs), epochs.Select(e => e.Epoch));
        Assert.All(epochs, e => Assert.Equal(e.Reconstruction + e.Beta * e.Kl, e.Loss, 3));
        Assert.True(epochs[^1].Loss < 0.5 * epochs[0].Loss, $"loss {epochs[0].Loss} -> {epochs[^1].Loss}");
        Assert.Equal(x.Length, mu.Length);
        Assert.All(mu, m => Assert.Equal(2, m.Length));

        // The blobs' latent centroids are far apart relative to the spread inside each blob.
        double[] Centroid(int b) => Enumerable.Range(0, 2).Select(d => mu.Where((_, i) => labels[i] == b).Average(m => (double)m[d])).ToArray();
        var c0 = Centroid(0); var c1 = Centroid(1);
        var between = Math.Sqrt(c0.Zip(c1, (a, b) => (a - b) * (a - b)).Sum());
        var within = mu.Select((m, i) => { var c = labels[i] == 0 ? c0 : c1; return Math.Sqrt(m.Select((v, d) => (v - c[d]) * (v - c[d])).Sum()); }).Average();
        Assert.True(between > 3 * within, $"between {between}, within {within}");
    }

    [Fact]
    public void SameSeedGivesSameLossesAndLatentMeans()
    {
        var x = Blobs(20, 2, out _);
        var settings = Small with { Epochs = 5 };
        var a = new List<EpochReport>(); var b = new List<EpochReport>(); var c = new List<EpochReport>();
        var muA = VaeTrainer.TrainAndEmbed(x, settings, 11, a.Add, CancellationToken.None);
        var muB = VaeTrainer.TrainAndEmbed(x, settings, 11, b.Add, CancellationToken.None);
        var muC = VaeTrainer.TrainAndEmbed(x, settings, 12, c.Add, CancellationToken.None);
        Assert.Equal(a.Select(e => e.Loss), b.Select(e => e.Loss));
        Assert.Equal(muA, muB);
        Assert.NotEqual(a.Select(e => e.Loss), c.Select(e => e.Loss));
    }

    [Fact]
    public void KlWarmupRaisesBetaLinearly()
    {
        var s = Small with { Beta = 2.0, KlWarmupEpochs = 4 };
        Assert.Equal([0.5, 1.0, 1.5, 2.0, 2.0], Enumerable.Range(1, 5).Select(s.BetaAt));
    }

    [Fact]
    public void DivergenceStopsWithAReason()
    {
        var x = Blobs(10, 3, out _);
        x[0][0] = float.NaN;
        var e = Assert.Throws<TrainingDivergedException>(() => VaeTrainer.TrainAndEmbed(x, Small with { Epochs = 3 }, 0, null, CancellationToken.None));
        Assert.Equal(1, e.Epoch);
        Assert.Contains("NaN", e.Message);
    }

    [Fact]
    public void CancellationIsHonouredBetweenBatches()
    {
        var x = Blobs(20, 4, out _);
        using var cts = new CancellationTokenSource();
        var seen = 0;
        Assert.ThrowsAny<OperationCanceledException>(() =>
            VaeTrainer.TrainAndEmbed(x, Small with { Epochs = 50 }, 0, _ => { if (++seen == 2) cts.Cancel(); }, cts.Token));
        Assert.Equal(2, seen);
    }

    [Fact]
    public void InvalidSettingsAreRefusedWithTheReason()
    {
        var x = Blobs(5, 5, out _);
        var e = Assert.Throws<ArgumentException>(() => VaeTrainer.TrainAndEmbed(x, Small with { LearningRate = 0, Epochs = 0 }, 0, null, CancellationToken.None));
        Assert.Contains("learning rate", e.Message);
        Assert.Contains("epochs", e.Message);
    }

    /// <summary>Twelve "tracks" of three noisy clips each around a track centre in 12-d.</summary>
    private static (float[][] Rows, int[] Tracks) TracksOfClips(int seed)
    {
        var rng = new Random(seed);
        var rows = new List<float[]>();
        var tracks = new List<int>();
        for (var t = 0; t < 12; t++)
        {
            var centre = Enumerable.Range(0, 12).Select(_ => Gaussian(rng)).ToArray();
            for (var k = 0; k < 3; k++)
            {
                rows.Add(centre.Select(c => (float)(c + 0.8 * Gaussian(rng))).ToArray());
                tracks.Add(t);
            }
        }
        return (rows.ToArray(), tracks.ToArray());
    }

    /// <summary>Mean squared distance of same-track pairs over the mean of all pairs.</summary>
    private static double WithinOverAll(float[][] mu, int[] tracks)
    {
        double within = 0, all = 0; int nw = 0, na = 0;
        for (var i = 0; i < mu.Length; i++)
            for (var j = 0; j < mu.Length; j++)
            {
                if (i == j) continue;
                var d = mu[i].Zip(mu[j], (a, b) => (double)(a - b) * (a - b)).Sum();
                all += d; na++;
                if (tracks[i] == tracks[j]) { within += d; nw++; }
            }
        return within / nw / (all / na);
    }

    [Fact]
    public void TrackConsistencyDrawsATracksClipsTogetherInTheLatentSpace()
    {
        var (rows, tracks) = TracksOfClips(6);
        var settings = Small with { LatentDim = 4, Epochs = 40, BatchSize = 12 };
        float[][] Train(double weight) => VaeTrainer.Train(() => new MlpVae(12, settings.Hidden, settings.LatentDim),
            TrainingSet.FromRows(rows) with { Groups = tracks }, settings with { TrackConsistency = weight }, 2, null, CancellationToken.None).LatentMeans;
        var plain = WithinOverAll(Train(0), tracks);
        var consistent = WithinOverAll(Train(Presets.TrackConsistentWeight), tracks);
        Assert.True(consistent < 0.5 * plain, $"same-track spread over all pairs: {consistent:0.000} with the term vs {plain:0.000} without");
    }

    [Fact]
    public void TrackConsistencyNeedsTheTracksAndBatchesWholeTracks()
    {
        var (rows, tracks) = TracksOfClips(7);
        var settings = Small with { Epochs = 1, TrackConsistency = 1 };
        var e = Assert.Throws<ArgumentException>(() => VaeTrainer.Train(() => new MlpVae(12, settings.Hidden, settings.LatentDim), TrainingSet.FromRows(rows),
            settings, 0, null, CancellationToken.None));
        Assert.Contains("track", e.Message);
        Assert.Contains((Small with { TrackConsistency = -1 }).Problems(), p => p.Field == "vae.trackConsistency");

        var order = VaeTrainer.TrackOrder(Enumerable.Range(0, rows.Length).ToArray(), tracks, 99);
        Assert.Equal(Enumerable.Range(0, rows.Length), order.Order());
        // Whole tracks, one after the other: the track changes exactly 11 times along the order.
        Assert.Equal(11, order.Zip(order.Skip(1)).Count(p => tracks[p.First] != tracks[p.Second]));
        Assert.NotEqual(order, VaeTrainer.TrackOrder(Enumerable.Range(0, rows.Length).ToArray(), tracks, 100));
    }
}

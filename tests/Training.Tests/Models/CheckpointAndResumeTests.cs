using MusicDashboard.Training.Models;

namespace MusicDashboard.Training.Tests.Models;

/// <summary>Checkpoints, resume, validation split and the projection hook of <see cref="VaeTrainer.Train"/>.</summary>
public sealed class CheckpointAndResumeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("musicdash-ckpt-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static TrainingSet Data(int n, int seed)
    {
        var rng = new Random(seed);
        var rows = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, 8).Select(j => (float)((i % 3 - 1) * (j + 1) * 0.5 + rng.NextDouble() - 0.5)).ToArray()).ToArray();
        return TrainingSet.FromRows(rows);
    }

    private static readonly VaeSettings Settings = new()
    {
        LatentDim = 3, Hidden = [16], Epochs = 6, BatchSize = 8, LearningRate = 3e-3, KlWarmupEpochs = 3, CheckpointEvery = 2, ProjectionEvery = 2,
    };

    private static MlpVae Build() => new(8, Settings.Hidden, Settings.LatentDim);

    [Fact]
    public void ResumingFromACheckpointGivesTheUninterruptedResult()
    {
        var data = Data(40, 1);
        var full = VaeTrainer.Train(Build, data, Settings, 5, new TrainingOptions { CheckpointFolder = Path.Combine(_dir, "full") }, CancellationToken.None);

        // Interrupted after epoch 4 (cancelled during epoch 5): the checkpoint of epoch 4 is on disk.
        var partial = Path.Combine(_dir, "partial");
        using var cts = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => VaeTrainer.Train(Build, data, Settings, 5,
            new TrainingOptions { CheckpointFolder = partial, OnEpoch = e => { if (e.Epoch == 4) cts.Cancel(); } }, cts.Token));
        Assert.Equal(4, Checkpoint.Read(partial).Epoch);

        var resumed = VaeTrainer.Train(Build, data, Settings, 5, new TrainingOptions { ResumeFrom = partial, CheckpointFolder = partial }, CancellationToken.None);
        Assert.Equal(4, resumed.ResumedAfterEpoch);
        Assert.Equal(full.Epochs.Select(e => e.Loss), resumed.Epochs.Select(e => e.Loss));
        Assert.Equal(full.LatentMeans, resumed.LatentMeans);
        Assert.Equal(6, Checkpoint.Read(partial).Epoch);
    }

    [Fact]
    public void AKillBetweenTheWeightsAndTheStateFileResumesFromTheWeightsTheStateNames()
    {
        var data = Data(40, 1);
        var full = VaeTrainer.Train(Build, data, Settings, 5, new TrainingOptions(), CancellationToken.None);
        // The folder as a kill leaves it after epoch 6's weights were renamed into place but before its state file was:
        // the state still says epoch 4, and epoch 6's weight files lie beside epoch 4's.
        var later = Path.Combine(_dir, "later");
        VaeTrainer.Train(Build, data, Settings, 5, new TrainingOptions { CheckpointFolder = later }, CancellationToken.None);
        var killed = Path.Combine(_dir, "killed");
        using var cts = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => VaeTrainer.Train(Build, data, Settings, 5,
            new TrainingOptions { CheckpointFolder = killed, OnEpoch = e => { if (e.Epoch == 4) cts.Cancel(); } }, cts.Token));
        foreach (var f in new[] { Checkpoint.ModelFileOf(6), Checkpoint.OptimizerFileOf(6) })
            File.Copy(Path.Combine(later, f), Path.Combine(killed, f));

        var resumed = VaeTrainer.Train(Build, data, Settings, 5, new TrainingOptions { ResumeFrom = killed, CheckpointFolder = killed }, CancellationToken.None);
        Assert.Equal(4, resumed.ResumedAfterEpoch);
        Assert.Equal(full.Epochs.Select(e => e.Loss), resumed.Epochs.Select(e => e.Loss));
    }

    [Fact]
    public void ACheckpointHoldsModelOptimizerEpochAndConfig()
    {
        var folder = Path.Combine(_dir, "c");
        VaeTrainer.Train(Build, Data(24, 2), Settings with { Epochs = 3 }, 1, new TrainingOptions { CheckpointFolder = folder, ConfigJson = "{\"name\":\"x\"}" }, CancellationToken.None);
        foreach (var f in new[] { Checkpoint.ModelFileOf(3), Checkpoint.OptimizerFileOf(3), Checkpoint.StateFile })
            Assert.True(new FileInfo(Path.Combine(folder, f)).Length > 0, f);
        // The weights of epoch 2's checkpoint were deleted once epoch 3's state file named the new ones.
        Assert.Equal([Checkpoint.ModelFileOf(3), Checkpoint.OptimizerFileOf(3)], Directory.GetFiles(folder, "*.bin").Select(Path.GetFileName).Order());
        var state = Checkpoint.Read(folder);
        Assert.Equal(3, state.Epoch); // CheckpointEvery 2 saves epoch 2, the end saves epoch 3
        Assert.Equal("{\"name\":\"x\"}", state.ConfigJson);
        Assert.Equal(3, state.History.Count);
        Assert.Equal("MlpVae 8-16-3", state.Model);
    }

    [Fact]
    public void ResumeRefusesACheckpointOfOtherSettings()
    {
        var folder = Path.Combine(_dir, "d");
        VaeTrainer.Train(Build, Data(24, 2), Settings with { Epochs = 2 }, 1, new TrainingOptions { CheckpointFolder = folder }, CancellationToken.None);
        var e = Assert.Throws<ArgumentException>(() => VaeTrainer.Train(Build, Data(24, 2), Settings with { LearningRate = 1e-2 }, 1, new TrainingOptions { ResumeFrom = folder }, CancellationToken.None));
        Assert.Contains("other settings", e.Message);
        var e2 = Assert.Throws<ArgumentException>(() => VaeTrainer.Train(Build, Data(24, 2), Settings, 2, new TrainingOptions { ResumeFrom = folder }, CancellationToken.None));
        Assert.Contains("seed", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => VaeTrainer.Train(Build, Data(24, 2), Settings, 1, new TrainingOptions { ResumeFrom = Path.Combine(_dir, "none") }, CancellationToken.None));
        Assert.Contains("no checkpoint", e3.Message);
    }

    [Fact]
    public void ValidationSplitHasItsOwnLossAndProjectionsArriveEveryNEpochs()
    {
        var projections = new List<(int Epoch, int Rows)>();
        var result = VaeTrainer.Train(Build, Data(40, 3), Settings with { ValidationFraction = 0.25 }, 2,
            new TrainingOptions { OnLatentMeans = (e, mu) => projections.Add((e, mu.Length)) }, CancellationToken.None);
        Assert.All(result.Epochs, e => Assert.True(e.ValidationLoss is > 0 && double.IsFinite(e.ValidationLoss.Value)));
        Assert.All(result.Epochs, e => Assert.Equal(3e-3, e.LearningRate));
        Assert.Equal([(2, 40), (4, 40)], projections); // every 2 epochs before the last; all rows, held-out ones too
        Assert.Equal(40, result.LatentMeans.Length);
    }

    [Fact]
    public void ConvVaeLossFallsWithTheBernoulliLikelihood()
    {
        // Two kinds of 16 x 24 "spectrograms" in [0, 1]: low-band energy and high-band energy, with noise.
        var rng = new Random(4);
        const int n = 24, h = 16, w = 24;
        var values = new float[n * h * w];
        for (var i = 0; i < n; i++)
            for (var r = 0; r < h; r++)
                for (var c = 0; c < w; c++)
                    values[(i * h + r) * w + c] = (float)Math.Clamp((i % 2 == 0 ? (r < h / 2 ? 0.8 : 0.1) : (r >= h / 2 ? 0.8 : 0.1)) + 0.1 * (rng.NextDouble() - 0.5), 0, 1);
        var s = new VaeSettings { LatentDim = 2, Epochs = 15, BatchSize = 8, LearningRate = 3e-3, Reconstruction = ReconstructionLoss.Bernoulli, ConvChannels = [4, 8] };
        var result = VaeTrainer.Train(() => new ConvVae(h, w, s.ConvChannels, s.LatentDim), new TrainingSet(values, n, [1, h, w]), s, 0, null, CancellationToken.None);
        Assert.True(result.Epochs[^1].Reconstruction < 0.9 * result.Epochs[0].Reconstruction, $"{result.Epochs[0].Reconstruction} -> {result.Epochs[^1].Reconstruction}");
        Assert.Equal(n, result.LatentMeans.Length);
    }

    [Fact]
    public void ConvVaeTrainingIsDeterministicForASeed()
    {
        var rng = new Random(6);
        var values = Enumerable.Range(0, 12 * 16 * 20).Select(_ => (float)rng.NextDouble()).ToArray();
        var s = new VaeSettings { LatentDim = 2, Epochs = 3, BatchSize = 4, Reconstruction = ReconstructionLoss.Bernoulli, ConvChannels = [4, 4] };
        TrainingResult Run(int seed) => VaeTrainer.Train(() => new ConvVae(16, 20, s.ConvChannels, s.LatentDim), new TrainingSet(values, 12, [1, 16, 20]), s, seed, null, CancellationToken.None);
        var (a, b, c) = (Run(1), Run(1), Run(2));
        Assert.Equal(a.Epochs.Select(e => e.Loss), b.Epochs.Select(e => e.Loss));
        Assert.Equal(a.LatentMeans, b.LatentMeans);
        Assert.NotEqual(a.Epochs.Select(e => e.Loss), c.Epochs.Select(e => e.Loss));
    }

    [Fact]
    public void MismatchedDataAndModelAreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => VaeTrainer.Train(() => new MlpVae(5, [4], 2), Data(10, 1), Settings, 0, null, CancellationToken.None));
        Assert.Contains("samples of 5", e.Message);
        var e2 = Assert.Throws<ArgumentException>(() => VaeTrainer.Train(() => new Cvae(8, 2, [4], 2), Data(10, 1), Settings, 0, null, CancellationToken.None));
        Assert.Contains("condition", e2.Message);
    }
}

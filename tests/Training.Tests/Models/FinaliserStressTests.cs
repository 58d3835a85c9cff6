using MusicDashboard.Core.Runtime;
using MusicDashboard.Tests.Shared;
using MusicDashboard.Training.Models;

namespace MusicDashboard.Training.Tests.Models;

/// <summary>
/// Training (forward pass, ELBO for both likelihoods, backward, clipping, Adam) under <see cref="FinaliserHammer"/>: no
/// libtorch error and the same latent means as the first training, 300 times in a row. A left-over implicit number -> Scalar temporary in the training path
/// fails here within seconds (see Spectrogram.PowerToDb).
/// </summary>
public sealed class FinaliserStressTests
{
    public FinaliserStressTests() => _ = TorchRuntime.Device;

    /// <summary>Same seed, same result: within 1e-5, not bit for bit (repeated runs in one process differ in the last bits,
    /// about 3e-8, from vectorised kernels on differently aligned buffers). A freed Scalar throws or computes with garbage.
    /// Other tests building layers on other threads at the same time once moved results beyond 1e-3 (about once in 600
    /// runs): the initial weights came from torch's global generator; see SeededInitialisation.</summary>
    private static bool SameAs(float[] expected, float[] actual) =>
        actual.Length == expected.Length && actual.Zip(expected, (p, q) => Math.Abs(p - q)).Max() < 1e-5;


    [Theory]
    [InlineData(ReconstructionLoss.Mse)]
    [InlineData(ReconstructionLoss.Bernoulli)]
    public void Training_survives_forced_finalisation(ReconstructionLoss loss)
    {
        var rng = new Random(4);
        var rows = Enumerable.Range(0, 24).Select(_ => Enumerable.Range(0, 6).Select(_ => (float)rng.NextDouble()).ToArray()).ToArray();
        var settings = new VaeSettings
        {
            LatentDim = 2, Hidden = [8], Epochs = 2, BatchSize = 8, LearningRate = 1e-2, KlWarmupEpochs = 1, GradientClip = 1.0,
            Reconstruction = loss,
        };
        float[] Train() => VaeTrainer.Train(() => new MlpVae(6, [8], 2), TrainingSet.FromRows(rows), settings, 3, null, CancellationToken.None)
            .LatentMeans.SelectMany(r => r).ToArray();
        var expected = Train();
        var failures = FinaliserHammer.Run(() => SameAs(expected, Train()), calls: 300, threads: 1);
        Assert.True(failures.Count == 0, $"{failures.Count} failures, first: {failures.FirstOrDefault()}");
    }

    [Fact]
    public void Conv_VAE_training_survives_forced_finalisation()
    {
        var rng = new Random(5);
        var images = Enumerable.Range(0, 8 * 9 * 11).Select(_ => (float)rng.NextDouble()).ToArray();
        var settings = new VaeSettings
        {
            LatentDim = 2, Hidden = [8], Epochs = 1, BatchSize = 4, LearningRate = 1e-2, ConvChannels = [2, 3],
            Reconstruction = ReconstructionLoss.Bernoulli,
        };
        float[] Train() => VaeTrainer.Train(() => new ConvVae(9, 11, [2, 3], 2), new TrainingSet(images, 8, [1, 9, 11]), settings, 3, null, CancellationToken.None)
            .LatentMeans.SelectMany(r => r).ToArray();
        var expected = Train();
        var failures = FinaliserHammer.Run(() => SameAs(expected, Train()), calls: 300, threads: 1);
        Assert.True(failures.Count == 0, $"{failures.Count} failures, first: {failures.FirstOrDefault()}");
    }
}

using MusicDashboard.Core.Runtime;
using MusicDashboard.Tests.Shared;
using MusicDashboard.Training.Models;

namespace MusicDashboard.Training.Tests.Models;

/// <summary>
/// Training (forward pass, ELBO for both likelihoods, backward, clipping, Adam) under <see cref="FinaliserHammer"/>: no
/// libtorch error and finite latent means. A left-over implicit number -> Scalar temporary in the training path
/// fails here within seconds (see Spectrogram.PowerToDb).
/// </summary>
public sealed class FinaliserStressTests
{
    public FinaliserStressTests() => _ = TorchRuntime.Device;


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
        // Libtorch errors only, not the numbers: inside the full suite (other tests' tensor code running beside it) repeated
        // trainings differed from the first beyond 1e-3 about once in 600 runs, with no finaliser involved.
        var failures = FinaliserHammer.Run(() => Train().All(float.IsFinite), calls: 300, threads: 1);
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
        // Libtorch errors only, not the numbers: in the full suite (other tests' tensor code running beside it) repeated
        // Conv-VAE trainings differed from the first beyond 1e-3 about once in 600 runs, with no finaliser involved.
        var failures = FinaliserHammer.Run(() => Train().All(float.IsFinite), calls: 300, threads: 1);
        Assert.True(failures.Count == 0, $"{failures.Count} failures, first: {failures.FirstOrDefault()}");
    }
}

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

namespace MusicDashboard.Training.Models;

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

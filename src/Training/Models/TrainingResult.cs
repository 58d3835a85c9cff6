namespace MusicDashboard.Training.Models;

public sealed record TrainingResult(float[][] LatentMeans, IReadOnlyList<EpochReport> Epochs, string Model, int ResumedAfterEpoch);

namespace MusicDashboard.Training.Models;

/// <summary>One finished epoch: per-sample averages of the ELBO terms over the training rows, the held-out loss when a
/// validation split is set, the beta and learning rate in force, and the epoch's wall time.</summary>
public sealed record EpochReport(int Epoch, int Epochs, double Loss, double Reconstruction, double Kl, double Beta, double Seconds,
    double? ValidationLoss = null, double LearningRate = 0)
{
    /// <summary>Per-sample average of the same-track term (before its weight) when <see cref="VaeSettings.TrackConsistency"/> is on.</summary>
    public double? TrackConsistency { get; init; }
}

namespace MusicDashboard.Training.Models;

public sealed class TrainingDivergedException(int epoch, string what)
    : Exception($"training diverged at epoch {epoch}: the {what} became NaN or infinite (try a lower learning rate or beta)")
{
    public int Epoch { get; } = epoch;
}

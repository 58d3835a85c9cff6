namespace MusicDashboard.Core.Storage;

/// <summary>Per-epoch losses of a run's model, per sample.</summary>
public sealed class EpochEntity
{
    public int Id { get; set; }
    public int RunId { get; set; }
    public int Epoch { get; set; }
    public double Loss { get; set; }
    public double Reconstruction { get; set; }
    public double Kl { get; set; }
    public double? ValidationLoss { get; set; }
    public double Beta { get; set; }
    public double Seconds { get; set; }
}

namespace MusicDashboard.Dashboard.Services;

public sealed record EpochCompletedEvent(int Epoch, int Epochs, double Loss, double Reconstruction, double Kl, double Beta, double Seconds) : RunEvent
{
    /// <summary>Server clock when the epoch was published (Unix ms): latency measurements compare it with the client's clock.</summary>
    public long PublishedAtMs { get; init; }
}

using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Components.Live;

/// <summary>How long training has left: the epochs still to go times the mean time of the last <see cref="Window"/>
/// epochs (recent epochs say more than the first, which include warm-up).</summary>
public sealed record TrainingEta(TimeSpan Remaining, TimeSpan PerEpoch)
{
    public const int Window = 10;

    /// <summary>Null until two epochs are known, or without a planned number of epochs.</summary>
    public static TrainingEta? Estimate(IReadOnlyList<EpochCompletedEvent> epochs, int totalEpochs)
    {
        if (epochs.Count < 2 || totalEpochs <= 0) return null;
        var perEpoch = epochs.TakeLast(Window).Average(e => e.Seconds);
        var left = Math.Max(0, totalEpochs - epochs[^1].Epoch) * perEpoch;
        return new TrainingEta(TimeSpan.FromSeconds(left), TimeSpan.FromSeconds(perEpoch));
    }

    public override string ToString() => $"ETA {RunFacts.FormatSpan(Remaining)} (training; {PerEpoch.TotalMilliseconds:0} ms per epoch)";
}

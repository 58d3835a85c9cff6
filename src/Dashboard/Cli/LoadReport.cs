namespace MusicDashboard.Dashboard.Cli;

/// <summary>
/// What <see cref="LoadDriver"/> measured. Page loads: how many, their wall time, latencies, statuses (5xx counted apart)
/// and transport errors. Watchers: for each, the epochs it saw (snapshot then live, in the order received; each should be
/// 1..<see cref="EpochsPublished"/>) and how many came live. Training: the median epoch time with nobody watching (before and after) and under
/// the load (epochs published while the page loads ran). Memory: the server's resident set once a second.
/// </summary>
public sealed record LoadReport(
    int RunId,
    int PageLoads,
    double PageSeconds,
    IReadOnlyList<double> LatenciesMs,
    IReadOnlyDictionary<int, int> Statuses,
    IReadOnlyList<string> Errors,
    int EpochsPublished,
    IReadOnlyList<IReadOnlyList<int>> WatcherEpochs,
    IReadOnlyList<int> WatcherLiveEvents,
    string FinalState,
    double? AloneEpochMs,
    double? LoadedEpochMs,
    IReadOnlyList<(double Seconds, string Phase, double RssMb)> Memory)
{
    /// <summary>The median epoch time of the same run trained alone once more after the loaded one.</summary>
    public double? AloneAfterEpochMs { get; init; }

    public int ServerErrors => Statuses.Where(s => s.Key >= 500).Sum(s => s.Value);

    /// <summary>Watchers that saw every epoch exactly once, in order.</summary>
    public int CompleteWatchers => WatcherEpochs.Count(e => e.SequenceEqual(Enumerable.Range(1, EpochsPublished)));

    public double Percentile(double p)
    {
        if (LatenciesMs.Count == 0) return double.NaN;
        var sorted = LatenciesMs.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
    }
}

using MusicDashboard.Core.Configuration;

namespace MusicDashboard.Dashboard.ScaleOut;

/// <summary>What the Workers page shows and does, in either mode: with scale-out the live workers and the feature
/// extractions; without it, only that this dashboard executes runs itself.</summary>
public sealed class ScaleOutView(AppPaths paths, WorkerDirectory? workers = null, FeatureExtractionService? extractions = null)
{
    public bool Enabled => workers is not null && extractions is not null;
    public int TracksPerShard => paths.Options.ScaleOut.TracksPerShard;
    public int DeadWorkerSeconds => paths.Options.ScaleOut.DeadWorkerSeconds;

    public Task<IReadOnlyList<WorkerCard>> WorkersAsync(CancellationToken ct = default) =>
        workers?.ListAsync(ct) ?? Task.FromResult<IReadOnlyList<WorkerCard>>([]);

    public Task<IReadOnlyList<FeatureExtractionStatus>> ExtractionsAsync(CancellationToken ct = default) =>
        extractions?.RecentAsync(10, ct) ?? Task.FromResult<IReadOnlyList<FeatureExtractionStatus>>([]);

    /// <summary>Null when started, else why not.</summary>
    public async Task<string?> ExtractAsync(string dataset, string preset, CancellationToken ct = default)
    {
        if (extractions is null) return "feature shards need workers (MusicDashboard:ScaleOut)";
        var (_, problem) = await extractions.StartAsync(dataset, preset, ct);
        return problem;
    }
}

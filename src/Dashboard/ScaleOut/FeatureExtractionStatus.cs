using System.Text.Json;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.ScaleOut;

/// <summary>Where a feature extraction stands, shard by shard (the API's answer and the Workers page's rows).</summary>
public sealed record FeatureExtractionStatus(int Id, string Dataset, string Preset, DateTime CreatedAt, int Tracks, string State,
    int ShardsDone, int ShardsFailed, int ShardsRunning, IReadOnlyList<FeatureShardStatus> Shards)
{
    public static FeatureExtractionStatus Of(FeatureExtractionEntity x)
    {
        var shards = x.Shards.OrderBy(s => s.Index).Select(s => new FeatureShardStatus(s.Index, RunStates.Name(s.State), s.Tracks,
            JsonSerializer.Deserialize<List<string>>(s.FilesJson) ?? [], s.Worker, s.Attempts, s.StartedAt, s.FinishedAt, s.CacheHits, s.Computed, s.Skipped, s.Error)).ToList();
        var done = x.Shards.Count(s => s.State == RunState.Completed);
        var failed = x.Shards.Count(s => s.State == RunState.Failed);
        var running = x.Shards.Count(s => s.State == RunState.Running);
        var state = done == shards.Count ? "completed" : done + failed == shards.Count ? "failed" : running > 0 || done + failed > 0 ? "running" : "queued";
        return new FeatureExtractionStatus(x.Id, x.Dataset, x.Preset, x.CreatedAt, x.Tracks, state, done, failed, running, shards);
    }
}

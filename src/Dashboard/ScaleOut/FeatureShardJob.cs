using System.Diagnostics;
using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Configuration;
using MusicDashboard.Core.Datasets;
using MusicDashboard.Core.Features;
using MusicDashboard.Core.Storage;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.ScaleOut;

/// <summary>
/// One shard of a feature extraction as a Hangfire job on a worker: decodes the shard's tracks and puts the features its
/// preset's runs read into the shared feature cache (<see cref="RunPipeline.ClipFeatures"/>). A shard taken up again
/// after its worker died finds the tracks already done in the cache and computes only the rest.
/// </summary>
public sealed class FeatureShardJob(IDbContextFactory<MusicDbContext> dbFactory, AppPaths paths, WorkerIdentity worker, ILogger<FeatureShardJob> log)
{
    [AutomaticRetry(Attempts = 2)]
    [JobDisplayName("feature shard #{0}")]
    public void Execute(int shardId, CancellationToken cancellationToken)
    {
        FeatureShardEntity shard;
        FeatureExtractionEntity extraction;
        using (var db = dbFactory.CreateDbContext())
        {
            var started = DateTime.UtcNow;
            // Claimed only while queued or running (running: a worker that died at it); a finished shard is not done twice.
            var claimed = db.FeatureShards.Where(s => s.Id == shardId && (s.State == RunState.Queued || s.State == RunState.Running))
                .ExecuteUpdate(u => u.SetProperty(s => s.State, RunState.Running).SetProperty(s => s.Worker, worker.Name)
                    .SetProperty(s => s.Attempts, s => s.Attempts + 1).SetProperty(s => s.StartedAt, started));
            if (claimed == 0)
            {
                log.LogInformation("Feature shard {Shard} is not queued: nothing to do", shardId);
                return;
            }
            shard = db.FeatureShards.AsNoTracking().Single(s => s.Id == shardId);
            extraction = db.FeatureExtractions.AsNoTracking().Single(x => x.Id == shard.ExtractionId);
        }
        var watch = Stopwatch.StartNew();
        try
        {
            var config = Presets.ByName(extraction.Preset, extraction.Dataset, 0);
            var files = JsonSerializer.Deserialize<List<string>>(shard.FilesJson) ?? [];
            // Only the shard's own files are looked at (a scan of the whole collection per shard would cost a 100 000-track
            // collection 100 000 file checks per shard); their genre does not enter the features.
            var present = files.Select(f => new FileInfo(Path.Combine(extraction.DatasetRoot, f))).ToList();
            var missing = present.Count(f => !f.Exists);
            var mine = new DatasetScan(extraction.Dataset, extraction.DatasetRoot,
                present.Where(f => f.Exists).Select(f => new TrackFile(f.FullName, Path.GetRelativePath(extraction.DatasetRoot, f.FullName), null, null, f.Length)).ToList(), []);
            var set = CollectionFeatures.ExtractSet(mine, config.Clips, RunPipeline.ClipFeatures(config), null, null, cancellationToken, paths.FeatureCacheFolder);
            var first = set.Tables[0];
            Finish(shardId, RunState.Completed, null, first.Cache?.Hits ?? 0, first.Cache?.Misses ?? 0, first.Skipped.Count + missing);
            log.LogInformation("Feature shard {Shard} ({Index} of extraction {Extraction}): {Tracks} tracks in {Seconds:0.0} s on {Worker}",
                shardId, shard.Index, extraction.Id, files.Count, watch.Elapsed.TotalSeconds, worker.Name);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The worker stops (Hangfire gives the job back) or the extraction was deleted: the shard waits for a worker.
            Finish(shardId, RunState.Queued, null, 0, 0, 0);
            throw;
        }
        catch (Exception e) when (e is DatasetException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            Finish(shardId, RunState.Failed, e.Message, 0, 0, 0);
            log.LogWarning("Feature shard {Shard} failed: {Message}", shardId, e.Message);
        }
    }

    private void Finish(int shardId, RunState state, string? error, int hits, int computed, int skipped)
    {
        using var db = dbFactory.CreateDbContext();
        DateTime? finished = state == RunState.Queued ? null : DateTime.UtcNow;
        db.FeatureShards.Where(s => s.Id == shardId).ExecuteUpdate(u => u.SetProperty(s => s.State, state).SetProperty(s => s.Error, error)
            .SetProperty(s => s.CacheHits, hits).SetProperty(s => s.Computed, computed).SetProperty(s => s.Skipped, skipped)
            .SetProperty(s => s.FinishedAt, finished));
    }
}

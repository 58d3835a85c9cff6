using System.Text.Json;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Configuration;
using MusicDashboard.Core.Datasets;
using MusicDashboard.Core.Runtime;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Services;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.ScaleOut;

/// <summary>
/// The dashboard's side of feature extraction in shards: scans the collection, cuts its tracks (in file order) into shards
/// of <see cref="ScaleOutSettings.TracksPerShard"/>, stores them and enqueues one <see cref="FeatureShardJob"/> each; and
/// reports where an extraction stands. Every track is in exactly one shard.
/// </summary>
public sealed class FeatureExtractionService(IDbContextFactory<MusicDbContext> dbFactory, IBackgroundJobClient jobs, RunQueue queue, AppPaths paths)
{
    /// <summary>The new extraction's id, or the problem with the request.</summary>
    public async Task<(int? Id, string? Problem)> StartAsync(string dataset, string? preset, CancellationToken ct = default)
    {
        preset = string.IsNullOrWhiteSpace(preset) ? Presets.MlpVaeAudio : preset.Trim();
        if (!Presets.All.Contains(preset)) return (null, $"unknown preset '{preset}' (one of {string.Join(", ", Presets.All)})");
        var (root, name, problem) = queue.ResolveDataset(dataset);
        if (problem is not null) return (null, problem);
        if (FeatureTableDataset.IsTable(root)) return (null, "a feature table has its features already: give a folder of audio");
        DatasetScan scan;
        try { scan = DatasetScanner.Scan(root, name); }
        catch (DatasetException e) { return (null, e.Message); }
        if (scan.Files.Count == 0) return (null, $"no audio files in '{root}'");
        var size = paths.Options.ScaleOut.TracksPerShard;
        var extraction = new FeatureExtractionEntity
        {
            Dataset = name, DatasetRoot = root, Preset = preset, CreatedAt = DateTime.UtcNow, Tracks = scan.Files.Count,
            Shards = scan.Files.Chunk(size).Select((files, i) => new FeatureShardEntity
            {
                Index = i, FilesJson = JsonSerializer.Serialize(files.Select(f => f.RelativePath)), Tracks = files.Length, State = RunState.Queued,
            }).ToList(),
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.FeatureExtractions.Add(extraction);
        await db.SaveChangesAsync(ct);
        foreach (var shard in extraction.Shards)
            shard.JobId = jobs.Create<FeatureShardJob>(j => j.Execute(shard.Id, CancellationToken.None), new EnqueuedState(DeviceKinds.DefaultQueue));
        await db.SaveChangesAsync(ct);
        return (extraction.Id, null);
    }

    public async Task<FeatureExtractionStatus?> StatusAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var x = await db.FeatureExtractions.AsNoTracking().Include(e => e.Shards).SingleOrDefaultAsync(e => e.Id == id, ct);
        return x is null ? null : FeatureExtractionStatus.Of(x);
    }

    public async Task<IReadOnlyList<FeatureExtractionStatus>> RecentAsync(int count, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var recent = await db.FeatureExtractions.AsNoTracking().OrderByDescending(e => e.Id).Take(count).ToListAsync(ct);
        var ids = recent.Select(e => e.Id).ToList();
        // Without the shards' file lists: the Workers page polls this every 2 s, and a large collection's lists are its
        // every file name (GET /api/features/{id} gives them).
        var shards = await db.FeatureShards.AsNoTracking().Where(s => ids.Contains(s.ExtractionId)).Select(s => new FeatureShardEntity
        {
            Id = s.Id, ExtractionId = s.ExtractionId, Index = s.Index, FilesJson = "[]", Tracks = s.Tracks, State = s.State, Worker = s.Worker,
            Attempts = s.Attempts, StartedAt = s.StartedAt, FinishedAt = s.FinishedAt, CacheHits = s.CacheHits, Computed = s.Computed,
            Skipped = s.Skipped, Error = s.Error,
        }).ToListAsync(ct);
        foreach (var e in recent) e.Shards = shards.Where(s => s.ExtractionId == e.Id).ToList();
        return recent.Select(FeatureExtractionStatus.Of).ToList();
    }
}

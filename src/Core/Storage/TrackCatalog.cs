using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Audio;
using MusicDashboard.Core.Datasets;

namespace MusicDashboard.Core.Storage;

/// <summary>Keeps the Tracks table in step with a scanned collection: new files get their duration, rate and channels
/// (or the reason they are unusable), known files are left alone, files gone from disk are removed. The facts come from
/// the caller when it has decoded the files already (a run's features pass: <see cref="Features.ClipFeatureTable.Audio"/>);
/// only the others are probed.</summary>
public static class TrackCatalog
{
    public sealed record SyncResult(int Added, int Removed, int Unreadable, int Total);

    /// <remarks>Several processes may sync one collection at once (dashboards and workers sharing a PostgreSQL database):
    /// when another wrote the same new tracks (or removed the same gone ones) between this one's read and its write, the
    /// write fails whole on the unique (root, path) index and the sync starts again from what is stored now, probing only
    /// what is still missing (<see cref="ConcurrentWrite"/>).</remarks>
    public static SyncResult Sync(DbContextOptions<MusicDbContext> options, DatasetScan scan, IProgress<(int Done, int Total)>? progress = null,
        CancellationToken ct = default, IReadOnlyDictionary<string, AudioFacts>? decoded = null) =>
        ConcurrentWrite.Retry(() => SyncOnce(options, scan, progress, ct, decoded));

    private static SyncResult SyncOnce(DbContextOptions<MusicDbContext> options, DatasetScan scan, IProgress<(int Done, int Total)>? progress,
        CancellationToken ct, IReadOnlyDictionary<string, AudioFacts>? decoded)
    {
        using var db = new MusicDbContext(options);
        var known = db.Tracks.Where(t => t.DatasetRoot == scan.Root).ToDictionary(t => t.RelativePath);
        var fresh = scan.Files.Where(f => !known.ContainsKey(f.RelativePath)).ToList();
        var now = DateTime.UtcNow;
        var added = new TrackEntity[fresh.Count];
        var done = 0;
        Parallel.For(0, fresh.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var f = fresh[i];
            var entity = new TrackEntity
            {
                Dataset = scan.Name, DatasetRoot = scan.Root, RelativePath = f.RelativePath, Genre = f.Genre,
                SizeBytes = f.SizeBytes, ScannedAt = now,
                SidecarLyrics = f.SidecarLyricsPath is null ? null : File.ReadAllText(f.SidecarLyricsPath).Trim(),
            };
            // A feature table's tracks are CSV rows: nothing to probe.
            if (scan.HasAudio)
            {
                try
                {
                    var audio = decoded?.GetValueOrDefault(f.FullPath) ?? AudioLoader.Probe(f.FullPath);
                    entity.DurationSeconds = audio.DurationSeconds;
                    entity.SampleRate = audio.SampleRate;
                    entity.Channels = audio.Channels;
                }
                catch (AudioDecodeException e) { entity.Error = e.Reason; }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { entity.Error = e.Message; }
            }
            added[i] = entity;
            progress?.Report((Interlocked.Increment(ref done), fresh.Count));
        });

        var present = scan.Files.Select(f => f.RelativePath).ToHashSet();
        var gone = known.Values.Where(t => !present.Contains(t.RelativePath)).ToList();
        db.Tracks.RemoveRange(gone);
        db.Tracks.AddRange(added);
        db.SaveChanges();
        return new SyncResult(added.Length, gone.Count, added.Count(a => a.Error is not null), scan.Files.Count);
    }

    /// <summary>Track ids by relative path for one collection root.</summary>
    public static Dictionary<string, int> Ids(DbContextOptions<MusicDbContext> options, string datasetRoot)
    {
        using var db = new MusicDbContext(options);
        return db.Tracks.AsNoTracking().Where(t => t.DatasetRoot == datasetRoot).ToDictionary(t => t.RelativePath, t => t.Id);
    }
}

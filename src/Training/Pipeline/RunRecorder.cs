using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Metrics;
using MusicDashboard.Core.Storage;
using MusicDashboard.Training.Models;

namespace MusicDashboard.Training.Pipeline;

/// <summary>
/// Writes one run to the database as it goes: the run row when it starts, a row per epoch, and at the end the metric rows,
/// the per-clip assignments, the per-track latent means and the final state. One context per operation (EF contexts are not thread-safe) and a single
/// writer per run, so pages can read while it writes (WAL).
/// </summary>
public sealed class RunRecorder(DbContextOptions<MusicDbContext> options, int runId) : IRunObserver
{
    public int RunId { get; } = runId;

    /// <summary>The run row of a new run, the one place it is built (the CLI's runs and the dashboard's queue): named after
    /// the preset unless named, the whole config as JSON, owned by this process (a restart that finds it unfinished and
    /// the process gone marks it interrupted).</summary>
    public static RunEntity NewRun(RunConfig config, string datasetName, string datasetRoot, RunState state)
    {
        var now = DateTime.UtcNow;
        return new RunEntity
        {
            Name = string.IsNullOrWhiteSpace(config.Name) ? config.Preset : config.Name,
            Preset = config.Preset,
            Dataset = datasetName,
            DatasetRoot = datasetRoot,
            ConfigJson = config.ToJson(),
            State = state,
            CreatedAt = now,
            StartedAt = state == RunState.Running ? now : null,
            OwnerProcessId = Environment.ProcessId,
        };
    }

    /// <summary>Stores a new run as running and returns its recorder (the CLI verbs, which run it at once).</summary>
    public static RunRecorder Create(DbContextOptions<MusicDbContext> options, RunConfig config, string datasetName, string datasetRoot)
    {
        using var db = new MusicDbContext(options);
        var run = NewRun(config, datasetName, datasetRoot, RunState.Running);
        db.Runs.Add(run);
        db.SaveChanges();
        return new RunRecorder(options, run.Id);
    }

    public void Epoch(EpochReport e)
    {
        using var db = new MusicDbContext(options);
        db.Epochs.Add(new EpochEntity
        {
            RunId = RunId, Epoch = e.Epoch, Loss = e.Loss, Reconstruction = e.Reconstruction, Kl = e.Kl, ValidationLoss = e.ValidationLoss, Beta = e.Beta, Seconds = e.Seconds,
        });
        db.SaveChanges();
    }

    public void Complete(RunResult result)
    {
        // The features pass decoded the files: the catalogue takes their facts from it instead of decoding them again.
        TrackCatalog.Sync(options, result.Scan, decoded: result.Features.Audio);
        var ids = TrackCatalog.Ids(options, result.Scan.Root);
        using var db = new MusicDbContext(options);
        using var tx = db.Database.BeginTransaction();
        var order = 0;
        foreach (var r in result.Rows)
            db.MetricRows.Add(new MetricRowEntity { RunId = RunId, Order = order++, Row = r });
        var clips = result.Features.Clips;
        foreach (var a in result.Assignments)
        {
            for (var i = 0; i < clips.Count; i++)
            {
                db.Assignments.Add(new AssignmentEntity
                {
                    RunId = RunId, Method = a.Method, TrackId = ids[clips[i].Track.RelativePath], ClipIndex = clips[i].ClipIndex,
                    OffsetSeconds = clips[i].OffsetSeconds, Cluster = a.Clusters[i], X = a.Projection[i][0], Y = a.Projection[i][1],
                });
            }
        }
        // A run completes once, but a resumed one may find latents a crash left behind: the new ones replace them.
        db.Latents.Where(l => l.RunId == RunId).ExecuteDelete();
        if (result.LatentMeans is { } latent)
            foreach (var (trackId, vector) in TrackLatents(latent, clips.Select(c => ids[c.Track.RelativePath]).ToArray()))
                db.Latents.Add(new LatentEntity { RunId = RunId, TrackId = trackId, Dimensions = vector.Length, Vector = LatentEntity.Pack(vector) });
        var run = db.Runs.Single(r => r.Id == RunId);
        run.State = RunState.Completed;
        run.FinishedAt = DateTime.UtcNow;
        run.Clips = clips.Count;
        run.TracksUsed = result.Features.TracksUsed;
        run.SkippedFilesJson = JsonSerializer.Serialize(result.Features.Skipped.Select(s => new { path = s.Path, reason = s.Reason }));
        db.SaveChanges();
        tx.Commit();
    }

    /// <summary>One latent mean per track, in order of first appearance: the mean of its clips' rows (a run scored on
    /// tracks gives every clip of a track the same row, which this returns as it is).</summary>
    public static IEnumerable<(int TrackId, float[] Vector)> TrackLatents(float[][] clipLatents, int[] trackOfClip)
    {
        var sums = new Dictionary<int, (double[] Sum, int Count)>();
        var order = new List<int>();
        for (var i = 0; i < clipLatents.Length; i++)
        {
            if (!sums.TryGetValue(trackOfClip[i], out var acc))
            {
                acc = (new double[clipLatents[i].Length], 0);
                order.Add(trackOfClip[i]);
            }
            for (var j = 0; j < acc.Sum.Length; j++) acc.Sum[j] += clipLatents[i][j];
            sums[trackOfClip[i]] = (acc.Sum, acc.Count + 1);
        }
        foreach (var id in order)
        {
            var (sum, count) = sums[id];
            yield return (id, sum.Select(v => (float)(v / count)).ToArray());
        }
    }

    /// <summary>Marks the run failed or cancelled, keeping whatever epochs were already recorded.</summary>
    public void End(RunState state, string? error)
    {
        using var db = new MusicDbContext(options);
        var run = db.Runs.Single(r => r.Id == RunId);
        run.State = state;
        run.Error = error;
        run.FinishedAt = DateTime.UtcNow;
        db.SaveChanges();
    }
}

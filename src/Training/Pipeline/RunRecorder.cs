using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Metrics;
using MusicDashboard.Core.Storage;
using MusicDashboard.Training.Models;

namespace MusicDashboard.Training.Pipeline;

/// <summary>
/// Writes one run to the database as it goes: the run row when it starts, a row per epoch, its log lines in batches, and at
/// the end the metric rows (every clustering the run computed), the per-clip assignments, the per-track latent means and
/// the final state. One context per operation (EF contexts are not thread-safe) and a single writer per run, so pages can
/// read while it writes (WAL).
/// </summary>
public sealed class RunRecorder(DbContextOptions<MusicDbContext> options, int runId) : IRunObserver
{
    /// <summary>Log lines stored per run; past it the lines are counted and one closing note says how many were left out,
    /// so a runaway log cannot fill the disk.</summary>
    public const int MaxLogLines = 20_000;
    /// <summary>Lines held before a write; the log is also written at every epoch and when the run ends.</summary>
    public const int LogBatch = 200;

    private readonly Lock _logGate = new();
    private readonly List<RunLogEntity> _pending = [];
    private int _logged = -1; // lines stored (and pending) so far; read from the database at the first line (a resumed run continues its log)
    private int _dropped;

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
            Device = Core.Runtime.DeviceKinds.Normalise(config.Device),
        };
    }

    /// <summary>Stores a new run as running and returns its recorder (the CLI verbs, which run it at once); part of a
    /// study when <paramref name="studyId"/> is given.</summary>
    public static RunRecorder Create(DbContextOptions<MusicDbContext> options, RunConfig config, string datasetName, string datasetRoot, int? studyId = null)
    {
        using var db = new MusicDbContext(options);
        var run = NewRun(config, datasetName, datasetRoot, RunState.Running);
        run.StudyId = studyId;
        db.Runs.Add(run);
        db.SaveChanges();
        return new RunRecorder(options, run.Id);
    }

    public void Log(string stage, string message) => Line(DateTime.UtcNow, stage, message);

    /// <summary>Adds one line to the run's stored log (what <see cref="Log"/> does; the CLI also passes the lines only its
    /// console prints: progress and epochs). Written every <see cref="LogBatch"/> lines, at every epoch and at the end.</summary>
    public void Line(DateTime at, string stage, string text)
    {
        bool full;
        lock (_logGate)
        {
            if (_logged < 0) _logged = StoredLogLines();
            if (_logged >= MaxLogLines) { _dropped++; return; }
            _pending.Add(new RunLogEntity { RunId = RunId, Seq = ++_logged, At = at, Stage = stage, Text = text });
            full = _pending.Count >= LogBatch;
        }
        if (full) FlushLog();
    }

    /// <summary>Writes the pending log lines (and, once the run has ended, the note of the lines past the cap).</summary>
    public void FlushLog(bool closing = false)
    {
        List<RunLogEntity> batch;
        lock (_logGate)
        {
            if (closing && _dropped > 0)
            {
                _pending.Add(new RunLogEntity { RunId = RunId, Seq = ++_logged, At = DateTime.UtcNow, Stage = "log",
                    Text = $"... {_dropped} more lines not stored (the stored log keeps the first {MaxLogLines} lines of a run)" });
                _dropped = 0;
            }
            if (_pending.Count == 0) return;
            batch = [.. _pending];
            _pending.Clear();
        }
        using var db = new MusicDbContext(options);
        db.RunLogs.AddRange(batch);
        db.SaveChanges();
    }

    private int StoredLogLines()
    {
        using var db = new MusicDbContext(options);
        return db.RunLogs.Where(l => l.RunId == RunId).Select(l => (int?)l.Seq).Max() ?? 0;
    }

    public void Epoch(EpochReport e)
    {
        FlushLog();
        using var db = new MusicDbContext(options);
        db.Epochs.Add(new EpochEntity
        {
            RunId = RunId, Epoch = e.Epoch, Loss = e.Loss, Reconstruction = e.Reconstruction, Kl = e.Kl, ValidationLoss = e.ValidationLoss, Beta = e.Beta, Seconds = e.Seconds,
        });
        db.SaveChanges();
    }

    public void Complete(RunResult result)
    {
        FlushLog(closing: true);
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

    /// <summary>Marks the run failed or cancelled, keeping whatever epochs were already recorded; the reason closes its log.</summary>
    public void End(RunState state, string? error)
    {
        Line(DateTime.UtcNow, "run", $"{state.ToString().ToLowerInvariant()}: {error}");
        FlushLog(closing: true);
        using var db = new MusicDbContext(options);
        var run = db.Runs.Single(r => r.Id == RunId);
        run.State = state;
        run.Error = error;
        run.FinishedAt = DateTime.UtcNow;
        db.SaveChanges();
    }
}

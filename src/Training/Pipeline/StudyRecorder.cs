using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Reports;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Training.Pipeline;

/// <summary>
/// Stores a study and, once its runs have all ended, its Table 2 computed from what the runs stored: their metric rows
/// (mean ± std over the seeds, <see cref="StudyReproduction.Aggregate"/>), the verdicts, the stage timings read from their
/// logs and the names of the figures. <c>reproduce</c> and the dashboard's "Reproduce the study" share it, so a study's table
/// is the same whichever started it, and <c>table2.json</c> is the stored table.
/// </summary>
public static class StudyRecorder
{
    /// <summary>Log stages that are no pipeline stage of their own (the queue, the run's start and end lines, the clustering
    /// lines: each row carries its clustering seconds, the log's cap note).</summary>
    private static readonly HashSet<string> NotStages = ["queue", "run", "cluster", "log"];

    /// <summary>Stores a new study as running and returns its id.</summary>
    public static int Create(DbContextOptions<MusicDbContext> options, StudyPlan plan, string datasetName, string datasetRoot, string? outFolder)
    {
        using var db = new MusicDbContext(options);
        var study = new StudyEntity
        {
            Name = $"Table 2 on {datasetName}: {plan.Presets.Count} preset(s) x {plan.Seeds.Count} seed(s){(plan.Quick ? ", quick" : "")}",
            Dataset = datasetName,
            DatasetRoot = datasetRoot,
            CreatedAt = DateTime.UtcNow,
            State = RunState.Running,
            Seeds = string.Join(",", plan.Seeds.Select(s => s.ToString(CultureInfo.InvariantCulture))),
            Presets = string.Join(",", plan.Presets),
            Epochs = plan.Epochs,
            Quick = plan.Quick,
            OutFolder = outFolder,
        };
        db.Studies.Add(study);
        db.SaveChanges();
        return study.Id;
    }

    /// <summary>The dashboard's hook when a run ends: finishes the run's study if it has one.</summary>
    public static Table2? RunEnded(DbContextOptions<MusicDbContext> options, int runId, string version)
    {
        using var db = new MusicDbContext(options);
        var studyId = db.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => r.StudyId).FirstOrDefault();
        return studyId is { } id ? Finish(options, id, version) : null;
    }

    /// <summary>
    /// When every run of the study has ended: stores the study as completed with its table (all runs completed) or as failed
    /// / cancelled with the first run that did not complete, and returns the table (null otherwise). Called again when a
    /// run ends later (a resumed run), it computes the table again from what is stored then.
    /// </summary>
    public static Table2? Finish(DbContextOptions<MusicDbContext> options, int studyId, string version)
    {
        using var db = new MusicDbContext(options);
        var study = db.Studies.Single(s => s.Id == studyId);
        var runs = db.Runs.AsNoTracking().Where(r => r.StudyId == studyId).Include(r => r.Metrics).OrderBy(r => r.Id).ToList();
        if (runs.Count == 0 || runs.Any(r => r.State is RunState.Queued or RunState.Running)) return null;
        study.FinishedAt = DateTime.UtcNow;
        var notCompleted = runs.FirstOrDefault(r => r.State != RunState.Completed);
        Table2? table = null;
        if (notCompleted is null)
        {
            var logs = db.RunLogs.AsNoTracking().Where(l => runs.Select(r => r.Id).Contains(l.RunId)).OrderBy(l => l.RunId).ThenBy(l => l.Seq)
                .Select(l => new { l.RunId, l.At, l.Stage }).ToList().ToLookup(l => l.RunId, l => (l.At, l.Stage));
            table = Table(study, runs, id => logs[id].ToList(), version);
            study.State = RunState.Completed;
            study.Error = null;
            study.Table2Json = Table2Report.ToJson(table);
        }
        else
        {
            study.State = notCompleted.State == RunState.Failed ? RunState.Failed : RunState.Cancelled;
            study.Error = $"run #{notCompleted.Id} {notCompleted.Name} (seed {Seed(notCompleted)}) {notCompleted.State.ToString().ToLowerInvariant()}" +
                (notCompleted.Error is { } e ? $": {e}" : "");
            study.Table2Json = null;
        }
        db.SaveChanges();
        return table;
    }

    /// <summary>The study's Table 2 from its completed runs (in id order: seed by seed, presets in Table 1 order).</summary>
    public static Table2 Table(StudyEntity study, IReadOnlyList<RunEntity> runs, Func<int, IReadOnlyList<(DateTime At, string Stage)>> logOf, string version)
    {
        var seeds = study.Seeds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var configs = runs.ToDictionary(r => r.Id, r => RunConfig.FromJson(r.ConfigJson));
        var aggregated = StudyReproduction.Aggregate(runs.Select(r => (configs[r.Id].Seed, (IReadOnlyList<Core.Metrics.MetricsRow>)
            r.Metrics.OrderBy(m => m.Order).ThenBy(m => m.Id).Select(m => m.Row).ToList())));
        var first = runs[0];
        var firstSeed = configs[first.Id].Seed;
        var settings = string.Join(" | ", runs.Where(r => configs[r.Id].Seed == firstSeed)
            .Select(r => configs[r.Id].Summary().Replace($"; seed {firstSeed}", ""))) + (study.Quick ? " | quick mode" : "");
        var figures = runs.GroupBy(r => r.Preset).Select(g => g.MinBy(r => configs[r.Id].Seed)!)
            .SelectMany(r => StudyFigures.Kinds.Select(k => StudyFigures.FileName(k, r.Preset, configs[r.Id].Seed))).ToList();
        var stages = runs.SelectMany(r => StageTimings(r.Name, configs[r.Id].Seed, logOf(r.Id))
            .Append(new StageTiming(r.Name, configs[r.Id].Seed, "run total", r.StartedAt is { } s && r.FinishedAt is { } f ? (f - s).TotalSeconds : 0))).ToList();
        return new Table2(study.Dataset, study.DatasetRoot, first.TracksUsed, first.Clips, Skipped(first.SkippedFilesJson), settings,
            ((study.FinishedAt ?? DateTime.UtcNow) - study.CreatedAt).TotalSeconds, aggregated)
        {
            Seeds = seeds, Version = version, Stages = stages, Figures = figures, Verdicts = StudyReproduction.Verdicts(aggregated),
        };
    }

    /// <summary>Wall time of each stage of one run from its log: a stage spans its first to its last line (the pipeline logs
    /// "started" and a closing line with the result), in order of first appearance.</summary>
    public static IReadOnlyList<StageTiming> StageTimings(string run, int seed, IEnumerable<(DateTime At, string Stage)> log)
    {
        var order = new List<string>();
        var spans = new Dictionary<string, (DateTime First, DateTime Last)>();
        foreach (var (at, stage) in log)
        {
            if (NotStages.Contains(stage)) continue;
            if (spans.TryGetValue(stage, out var span)) spans[stage] = (span.First, at);
            else { spans[stage] = (at, at); order.Add(stage); }
        }
        return order.Select(s => new StageTiming(run, seed, s, (spans[s].Last - spans[s].First).TotalSeconds)).ToList();
    }

    private static int Seed(RunEntity run)
    {
        try { return RunConfig.FromJson(run.ConfigJson).Seed; }
        catch (Exception e) when (e is JsonException or ArgumentException) { return 0; }
    }

    /// <summary>The run's skipped files (<c>[{"path","reason"}]</c>) as the report lists them.</summary>
    private static IReadOnlyList<string> Skipped(string? json)
    {
        if (string.IsNullOrEmpty(json)) return [];
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray()
            .Select(e => $"{e.GetProperty("path").GetString()}: {e.GetProperty("reason").GetString()}").ToList();
    }
}

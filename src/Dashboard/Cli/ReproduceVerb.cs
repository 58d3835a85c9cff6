using MusicDashboard.Core.Configuration;
using MusicDashboard.Core.Datasets;
using MusicDashboard.Core.Demo;
using MusicDashboard.Core.Reports;
using MusicDashboard.Core.Runtime;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Hosting;
using MusicDashboard.Training.Models;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>Runs the study's pipeline headless and writes Table 2; the study and its runs are stored too (rows, assignments,
/// logs), so the dashboard shows them (/studies/ID).</summary>
public static class ReproduceVerb
{
    public static Verb Definition { get; } = new("reproduce", "run the whole study (every Table 1 preset, K-Means and GMM, several seeds) and write Table 2 (md, csv, json) with figures",
    [
        new("dataset", "dir|table.csv|demo", "GTZAN-layout folder, any folder of audio, a feature table (CSV: id/filename column, optional label and track columns; Kaggle's GTZAN tables as they are; vector presets only), or 'demo' for the synthetic demo corpus", Required: true),
        new("out", "dir", "folder for table2.md, table2.csv, table2.json and the figures", Required: true),
        new("seeds", "S,S,..", "seeds of the models, the shuffling and the clustering (default 0,1,2; mean ± std over them)"),
        new("seed", "S", "one seed (same as --seeds S)"),
        new("presets", "a,b,..", $"Table 1 configurations and our track-consistent variants (default all: {string.Join(",", Presets.All)})"),
        new("preset", "name", "one preset (same as --presets name)"),
        new("epochs", "N", "override every preset's epochs (Table 1: 50-100)"),
        new("quick", null, $"scaled down for CI: {StudyPlan.QuickEpochs} epochs per model, one seed unless --seeds is given"),
        new("project-tracks", "N", "at the end, project this study's measured stage times to N tracks at every preset's full epochs (default 1000, GTZAN; 0 = no projection)"),
    ], RunAsync);

    private static Task<int> RunAsync(ParsedArgs a, CancellationToken ct)
    {
        var paths = AppConfiguration.LoadPathsForCompute();

        var dataset = a.Require("dataset");
        var outDir = Path.GetFullPath(a.Require("out"));
        var quick = a.Has("quick");
        var presets = ParsePresets(a);
        if (FeatureTableDataset.IsTable(dataset) && !a.Has("presets") && !a.Has("preset"))
        {
            presets = [Presets.MlpVaeAudio, Presets.MlpVaeAudio + Presets.TrackConsistentSuffix];
            Console.WriteLine($"[study] '{dataset}' is a feature table (no audio, no lyrics): running the presets that read vectors, {string.Join(", ", presets)}");
        }
        var projectTracks = a.GetInt("project-tracks", 1000, 0, 10_000_000);
        var plan = new StudyPlan(presets, ParseSeeds(a, quick), quick, a.Has("epochs") ? a.GetInt("epochs", 50, 1, 10000) : null);

        string root, name;
        try { (root, name) = ResolveDataset(dataset, paths, ct); }
        catch (DatasetException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return Task.FromResult(1);
        }
        Database.MigrateAsync(paths.Database, ct).GetAwaiter().GetResult();
        var dbOptions = Database.Options(paths.Database);
        var version = SoftwareVersion();
        Console.WriteLine($"[study] {plan.Presets.Count} preset(s) x {plan.Seeds.Count} seed(s) on {name} ({root}){(quick ? ", quick" : "")}; " +
            $"device {TorchRuntime.Device}, {TorchRuntime.ThreadSummary}; load average {LoadAverage.Text}; musicdash {version}");

        // The study and each of its runs are stored as they go (rows, assignments, the console's lines as the run's log);
        // its table is computed from what they stored, as for a study started on the dashboard, and written out.
        var studyId = StudyRecorder.Create(dbOptions, plan, name, root, outDir);
        Console.WriteLine($"[study] #{studyId} stored in {paths.DatabasePath}");
        var runs = new List<StudyRun>();
        var runIds = new List<int>();
        foreach (var config in plan.Configs(dataset))
        {
            RunRecorder? recorder = null;
            try
            {
                recorder = RunRecorder.Create(dbOptions, config, name, root, studyId);
                runIds.Add(recorder.RunId);
                var observer = new CompositeObserver(recorder, new ConsoleObserver(recorder));
                observer.Log("run", $"#{recorder.RunId} {config.Name} on {name}, seed {config.Seed}");
                var result = RunPipeline.Execute(config, root, name, observer, ct,
                    new RunOptions
                    {
                        CheckpointFolder = Path.Combine(paths.RunsFolder, $"run-{recorder.RunId}", "checkpoint"),
                        FeatureCacheFolder = paths.FeatureCacheFolder,
                    });
                recorder.Complete(result);
                runs.Add(new StudyRun(config.Preset, config.Seed, config, result));
            }
            catch (OperationCanceledException)
            {
                recorder?.End(RunState.Cancelled, "cancelled by the user");
                StudyRecorder.Finish(dbOptions, studyId, version);
                throw;
            }
            // ExternalException: a libtorch error (e.g. a finalised Scalar during feature extraction, see docs/reproduce.md)
            // fails this run with its message instead of killing the process with a native stack trace.
            catch (Exception e) when (e is TrainingDivergedException or DatasetException or ArgumentException or NotSupportedException
                or System.Runtime.InteropServices.ExternalException)
            {
                recorder?.End(RunState.Failed, e.Message);
                StudyRecorder.Finish(dbOptions, studyId, version);
                Console.Error.WriteLine($"error: {config.Preset}, seed {config.Seed}: {e.Message}");
                return Task.FromResult(1);
            }
        }

        var figures = StudyFigures.Write(runs, outDir);
        var table = StudyRecorder.Finish(dbOptions, studyId, version)
            ?? throw new InvalidOperationException($"study #{studyId}: its runs did not all end");
        Table2Report.Write(table, outDir);
        Console.WriteLine();
        Console.WriteLine(Table2Report.ToMarkdown(table));
        if (projectTracks > 0 && table.Stages is { Count: > 0 } stages) PrintProjection(runs, stages, table, projectTracks);
        Console.WriteLine($"[study] wrote {Path.Combine(outDir, "table2.md")}, table2.csv, table2.json and {figures.Count} figure(s); " +
            $"study #{studyId} with runs #{string.Join(", #", runIds)} stored in {paths.DatabasePath}");
        return Task.FromResult(0);
    }

    /// <summary>The measured wall time and the projection to <paramref name="targetTracks"/> tracks at full epochs.</summary>
    private static void PrintProjection(List<StudyRun> runs, IReadOnlyList<StageTiming> stages, Table2 table, int targetTracks)
    {
        var lines = StudyProjection.Project(runs.Select(r => r.Config).ToList(), stages, table.Tracks, targetTracks);
        Console.WriteLine();
        Console.WriteLine($"[study] measured wall time {table.Seconds / 60:0.0} min for {runs.Count} run(s) on {table.Tracks} tracks ({table.Clips} clips); load average {LoadAverage.Text}. " +
            $"Projected to {targetTracks} tracks at each preset's full epochs (training x tracks x epochs, other stages x tracks):");
        foreach (var l in lines)
            Console.WriteLine($"[study]   {l.Preset,-24} seed {l.Seed}: train {l.TrainSeconds,7:0.0} s for {l.RanEpochs,3} epoch(s), other stages {l.OtherSeconds,6:0.0} s -> {l.ProjectedSeconds / 60,7:0.0} min ({l.FullEpochs} epochs)");
        Console.WriteLine($"[study] projected whole study: {StudyProjection.PerSeedSeconds(lines) / 60:0.0} min per seed on {targetTracks} tracks (goal: under 60 min on 2 cores)");
    }

    private static IReadOnlyList<string> ParsePresets(ParsedArgs a)
    {
        var list = (a.Get("presets") ?? a.Get("preset"))?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList()
            ?? [.. Presets.All];
        foreach (var p in list)
            if (!Presets.All.Contains(p)) throw new UsageException($"reproduce: unknown preset '{p}' (known: {string.Join(", ", Presets.All)})");
        if (list.Count == 0) throw new UsageException("reproduce: --presets is empty");
        return list.Distinct().ToList();
    }

    private static IReadOnlyList<int> ParseSeeds(ParsedArgs a, bool quick)
    {
        var text = a.Get("seeds") ?? a.Get("seed");
        if (text is null) return quick ? [0] : [0, 1, 2];
        var seeds = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            seeds.Add(int.TryParse(part, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var s) && s >= 0
                ? s : throw new UsageException($"reproduce: --seeds: '{part}' is not a seed (a whole number >= 0)"));
        if (seeds.Count == 0) throw new UsageException("reproduce: --seeds is empty");
        return seeds.Distinct().ToList();
    }

    /// <summary>The build's informational version (with the commit when the SDK stamps it).</summary>
    internal static string SoftwareVersion() =>
        typeof(ReproduceVerb).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion
        ?? typeof(ReproduceVerb).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>"demo" means the configured demo corpus, generated on first use; anything else is a folder.</summary>
    internal static (string Root, string Name) ResolveDataset(string dataset, AppPaths paths, CancellationToken ct)
    {
        if (dataset != "demo" && FeatureTableDataset.IsTable(dataset))
        {
            var table = Path.GetFullPath(dataset);
            if (!File.Exists(table)) throw new DatasetException($"feature table '{table}' does not exist");
            return (table, Path.GetFileNameWithoutExtension(table));
        }
        if (dataset != "demo")
        {
            var root = Path.GetFullPath(dataset);
            if (!Directory.Exists(root)) throw new DatasetException($"dataset folder '{root}' does not exist");
            return (root, Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar)));
        }
        var options = new DemoCorpusOptions(TracksPerGenre: paths.Options.Demo.TracksPerGenre, Seed: paths.Options.Demo.Seed);
        if (!DemoCorpus.IsComplete(paths.DemoCorpusFolder, options))
        {
            Console.WriteLine($"[demo] generating the synthetic demo corpus into {paths.DemoCorpusFolder}");
            var r = DemoCorpus.Generate(paths.DemoCorpusFolder, options, null, ct);
            Console.WriteLine($"[demo] {r.Tracks} tracks in {r.Elapsed.TotalSeconds:0.0} s");
        }
        return (paths.DemoCorpusFolder, DemoCorpus.DatasetName);
    }

    /// <summary>Prints a run's events. With a recorder, the lines only the console prints (progress, epochs) go to the run's
    /// stored log too; its log lines the recorder stores itself (it observes the run beside this).</summary>
    internal sealed class ConsoleObserver(RunRecorder? record = null) : IRunObserver
    {
        private int _lastPercent = -1;
        public void Log(string stage, string message) => Console.WriteLine($"[{stage}] {message}");
        public void Progress(string stage, int done, int total)
        {
            var percent = 100 * done / Math.Max(1, total);
            if (percent / 25 == _lastPercent / 25 && done != total) return;
            _lastPercent = percent;
            Print(stage, $"{done}/{total} ({percent}%)");
        }
        public void Epoch(EpochReport e) => Print("train",
            $"epoch {e.Epoch,3}/{e.Epochs}  loss {e.Loss,10:0.0000}  recon {e.Reconstruction,10:0.0000}  KL {e.Kl,8:0.0000}  beta {e.Beta:0.###}" +
            (e.ValidationLoss is { } v ? $"  val {v,10:0.0000}" : "") + $"  {e.Seconds * 1000:0} ms");

        private void Print(string stage, string text)
        {
            Console.WriteLine($"[{stage}] {text}");
            record?.Line(DateTime.UtcNow, stage, text);
        }
    }
}

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

/// <summary>Runs the study's pipeline headless and writes Table 2; the run is also stored, so the dashboard lists it.</summary>
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
        var plan = new StudyPlan(presets, ParseSeeds(a, quick), quick, a.Has("epochs") ? a.GetInt("epochs", 50, 1, 10000) : null);

        string root, name;
        try { (root, name) = ResolveDataset(dataset, paths, ct); }
        catch (DatasetException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return Task.FromResult(1);
        }
        Database.MigrateAsync(paths.DatabasePath, ct).GetAwaiter().GetResult();
        var dbOptions = Database.Options(paths.DatabasePath);
        var version = SoftwareVersion();
        Console.WriteLine($"[study] {plan.Presets.Count} preset(s) x {plan.Seeds.Count} seed(s) on {name} ({root}){(quick ? ", quick" : "")}; " +
            $"device {TorchRuntime.Device}, {TorchRuntime.Threads} threads; musicdash {version}");

        var console = new ConsoleObserver();
        var total = System.Diagnostics.Stopwatch.StartNew();
        var runs = new List<StudyRun>();
        var runIds = new List<int>();
        foreach (var seed in plan.Seeds)
            foreach (var preset in plan.Presets)
            {
                RunRecorder? recorder = null;
                try
                {
                    runs.Add(StudyReproduction.RunOne(plan, preset, seed, dataset, (config, timing) =>
                    {
                        recorder = RunRecorder.Create(dbOptions, config, name, root);
                        runIds.Add(recorder.RunId);
                        Console.WriteLine($"[run] #{recorder.RunId} {config.Name} on {name}, seed {seed}");
                        var result = RunPipeline.Execute(config, root, name, new CompositeObserver(timing, recorder), ct,
                            new RunOptions
                            {
                                CheckpointFolder = Path.Combine(paths.RunsFolder, $"run-{recorder.RunId}", "checkpoint"),
                                FeatureCacheFolder = paths.FeatureCacheFolder,
                            });
                        recorder.Complete(result);
                        return result;
                    }, console, ct));
                }
                catch (OperationCanceledException)
                {
                    recorder?.End(RunState.Cancelled, "cancelled by the user");
                    throw;
                }
                // ExternalException: a libtorch error (e.g. a finalised Scalar during feature extraction, see docs/reproduce.md)
                // fails this run with its message instead of killing the process with a native stack trace.
                catch (Exception e) when (e is TrainingDivergedException or DatasetException or ArgumentException or NotSupportedException
                    or System.Runtime.InteropServices.ExternalException)
                {
                    recorder?.End(RunState.Failed, e.Message);
                    Console.Error.WriteLine($"error: {preset}, seed {seed}: {e.Message}");
                    return Task.FromResult(1);
                }
            }

        var first = runs[0].Result.Features;
        var figures = StudyFigures.Write(runs, outDir);
        var aggregated = StudyReproduction.Aggregate(runs);
        var table = new Table2(name, root, first.TracksUsed, first.Clips.Count,
            first.Skipped.Select(s => $"{s.Path}: {s.Reason}").ToList(),
            string.Join(" | ", plan.Presets.Select(p => plan.Config(p, dataset, plan.Seeds[0]).Summary().Replace($"; seed {plan.Seeds[0]}", ""))) +
                (quick ? " | quick mode" : ""),
            total.Elapsed.TotalSeconds, aggregated)
        {
            Seeds = plan.Seeds, Version = version, Stages = runs.SelectMany(r => r.Stages).ToList(), Figures = figures,
            Verdicts = StudyReproduction.Verdicts(aggregated),
        };
        Table2Report.Write(table, outDir);
        Console.WriteLine();
        Console.WriteLine(Table2Report.ToMarkdown(table));
        Console.WriteLine($"[study] wrote {Path.Combine(outDir, "table2.md")}, table2.csv, table2.json and {figures.Count} figure(s); " +
            $"runs #{string.Join(", #", runIds)} stored in {paths.DatabasePath}");
        return Task.FromResult(0);
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

    internal sealed class ConsoleObserver : IRunObserver
    {
        private int _lastPercent = -1;
        public void Log(string stage, string message) => Console.WriteLine($"[{stage}] {message}");
        public void Progress(string stage, int done, int total)
        {
            var percent = 100 * done / Math.Max(1, total);
            if (percent / 25 == _lastPercent / 25 && done != total) return;
            _lastPercent = percent;
            Console.WriteLine($"[{stage}] {done}/{total} ({percent}%)");
        }
        public void Epoch(EpochReport e) => Console.WriteLine(
            $"[train] epoch {e.Epoch,3}/{e.Epochs}  loss {e.Loss,10:0.0000}  recon {e.Reconstruction,10:0.0000}  KL {e.Kl,8:0.0000}  beta {e.Beta:0.###}" +
            (e.ValidationLoss is { } v ? $"  val {v,10:0.0000}" : "") + $"  {e.Seconds * 1000:0} ms");
    }
}

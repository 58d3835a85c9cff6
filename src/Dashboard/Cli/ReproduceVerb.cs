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
    public static Verb Definition { get; } = new("reproduce", "run the study's pipeline on a dataset and write Table 2 (md, csv, json)",
    [
        new("dataset", "dir|demo", "GTZAN-layout folder, any folder of audio, or 'demo' for the synthetic demo corpus", Required: true),
        new("out", "dir", "folder for table2.md, table2.csv, table2.json", Required: true),
        new("seed", "S", "seed of the model, the shuffling and K-Means (default 0)"),
        new("epochs", "N", "override the preset's epochs (Table 1: 50)"),
        new("preset", "name", $"Table 1 configuration (default {Presets.MlpVaeAudio})"),
    ], RunAsync);

    private static Task<int> RunAsync(ParsedArgs a, CancellationToken ct)
    {
        var folder = AppConfiguration.ConfigurationFolder();
        var paths = AppConfiguration.Paths(AppConfiguration.Load(folder), folder);
        TorchRuntime.Configure(paths.Options.Threads);

        var dataset = a.Require("dataset");
        var seed = a.GetInt("seed", 0);
        var outDir = Path.GetFullPath(a.Require("out"));
        RunConfig config;
        try { config = Presets.ByName(a.Get("preset") ?? Presets.MlpVaeAudio, dataset, seed); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
        if (a.Has("epochs")) config = config with { Vae = config.Vae with { Epochs = a.GetInt("epochs", 50, 1, 10000) } };

        string root, name;
        try { (root, name) = ResolveDataset(dataset, paths, ct); }
        catch (DatasetException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return Task.FromResult(1);
        }
        Database.MigrateAsync(paths.DatabasePath, ct).GetAwaiter().GetResult();
        var dbOptions = Database.Options(paths.DatabasePath);
        var recorder = RunRecorder.Create(dbOptions, config, name, root);
        Console.WriteLine($"[run] #{recorder.RunId} {config.Name} on {name} ({root}), seed {seed}; device {TorchRuntime.Device}, {TorchRuntime.Threads} threads");

        var console = new ConsoleObserver();
        try
        {
            var result = RunPipeline.Execute(config, root, name, new CompositeObserver(console, recorder), ct,
                new RunOptions { CheckpointFolder = Path.Combine(paths.RunsFolder, $"run-{recorder.RunId}", "checkpoint") });
            recorder.Complete(result);
            var table = new Table2(name, root, result.Features.TracksUsed, result.Features.Clips.Count,
                result.Features.Skipped.Select(s => $"{s.Path}: {s.Reason}").ToList(),
                config.Summary(),
                result.Seconds, result.Rows);
            Table2Report.Write(table, outDir);
            Console.WriteLine();
            Console.WriteLine(Table2Report.ToMarkdown(table));
            Console.WriteLine($"[run] wrote {Path.Combine(outDir, "table2.md")}, table2.csv, table2.json; run #{recorder.RunId} stored in {paths.DatabasePath}");
            return Task.FromResult(0);
        }
        catch (OperationCanceledException)
        {
            recorder.End(RunState.Cancelled, "cancelled by the user");
            throw;
        }
        catch (Exception e) when (e is TrainingDivergedException or DatasetException or ArgumentException or NotSupportedException)
        {
            recorder.End(RunState.Failed, e.Message);
            Console.Error.WriteLine($"error: {e.Message}");
            return Task.FromResult(1);
        }
    }

    /// <summary>"demo" means the configured demo corpus, generated on first use; anything else is a folder.</summary>
    internal static (string Root, string Name) ResolveDataset(string dataset, AppPaths paths, CancellationToken ct)
    {
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

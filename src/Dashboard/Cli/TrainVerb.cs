using System.Globalization;
using System.Text;
using MusicDashboard.Core.Datasets;
using MusicDashboard.Core.Reports;
using MusicDashboard.Core.Runtime;
using MusicDashboard.Dashboard.Hosting;
using MusicDashboard.Training.Models;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>Trains one model of the study (a Table 1 preset or a full run configuration) and writes its latent means,
/// its checkpoint and its Table 2 rows into one folder. Not stored in the database: that is what `reproduce` is for.</summary>
public static class TrainVerb
{
    public static Verb Definition { get; } = new("train", "train one VAE (Table 1 preset or a config file); write latent means, checkpoint, Table 2 rows",
    [
        new("preset", "name", $"Table 1 configuration or its track-consistent variant: {string.Join(", ", Presets.All)} (default {Presets.MlpVaeAudio})"),
        new("config", "file.json", "a full run configuration (as stored with every run) instead of a preset"),
        new("dataset", "dir|table.csv|demo", "GTZAN-layout folder, any folder of audio, a feature table (CSV with an id/filename column, optional label and track columns; Kaggle's GTZAN tables as they are), or 'demo' for the synthetic demo corpus", Required: true),
        new("out", "dir", "folder for latent.csv, epochs.csv, checkpoint/, config.json and table2.*", Required: true),
        new("epochs", "N", "override the epochs"),
        new("seed", "S", "seed of the model, the shuffling and the clustering (default 0)"),
        new("resume", "dir", "continue from a checkpoint folder (e.g. <out>/checkpoint of an interrupted run)"),
    ], RunAsync);

    private static Task<int> RunAsync(ParsedArgs a, CancellationToken ct)
    {
        var paths = AppConfiguration.LoadPathsForCompute();

        var dataset = a.Require("dataset");
        var outDir = Path.GetFullPath(a.Require("out"));
        var config = LoadConfig(a, dataset);
        var problems = config.Validate().ToList();
        if (problems.Count > 0) throw new UsageException("invalid configuration: " + string.Join("; ", problems));

        string root, name;
        try { (root, name) = ReproduceVerb.ResolveDataset(dataset, paths, ct); }
        catch (DatasetException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return Task.FromResult(1);
        }
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "config.json"), config.ToJson());
        Console.WriteLine($"[train] {config.Name} on {name} ({root}); {config.Summary()}; device {TorchRuntime.Device}, {TorchRuntime.Threads} threads");
        try
        {
            var result = RunPipeline.Execute(config, root, name, new ReproduceVerb.ConsoleObserver(), ct, new RunOptions
            {
                CheckpointFolder = Path.Combine(outDir, "checkpoint"),
                ResumeFrom = a.Get("resume") is { } resume ? Path.GetFullPath(resume) : null,
                FeatureCacheFolder = paths.FeatureCacheFolder,
            });
            WriteLatentCsv(Path.Combine(outDir, "latent.csv"), result);
            WriteEpochsCsv(Path.Combine(outDir, "epochs.csv"), result.Epochs);
            var table = new Table2(name, root, result.Features.TracksUsed, result.Features.Clips.Count,
                result.Features.Skipped.Select(s => $"{s.Path}: {s.Reason}").ToList(), config.Summary(), result.Seconds, result.Rows);
            Table2Report.Write(table, outDir);
            Console.WriteLine();
            Console.WriteLine(Table2Report.ToMarkdown(table));
            Console.WriteLine($"[train] wrote latent.csv ({result.LatentMeans!.Length} clips x {result.LatentMeans[0].Length}), epochs.csv, checkpoint/, config.json, table2.* into {outDir}");
            return Task.FromResult(0);
        }
        catch (Exception e) when (e is TrainingDivergedException or DatasetException or ArgumentException or NotSupportedException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return Task.FromResult(1);
        }
    }

    private static RunConfig LoadConfig(ParsedArgs a, string dataset)
    {
        RunConfig config;
        try
        {
            if (a.Get("config") is { } file)
            {
                if (a.Has("preset")) throw new UsageException("train: give --preset or --config, not both");
                if (!File.Exists(file)) throw new UsageException($"train: config file '{Path.GetFullPath(file)}' does not exist");
                config = RunConfig.FromJson(File.ReadAllText(file)) with { Dataset = dataset };
                if (a.Has("seed")) config = config with { Seed = a.GetInt("seed", 0) };
            }
            else config = Presets.ByName(a.Get("preset") ?? Presets.MlpVaeAudio, dataset, a.GetInt("seed", 0));
        }
        catch (Exception e) when (e is ArgumentException or System.Text.Json.JsonException)
        {
            throw new UsageException($"train: {e.Message}");
        }
        if (a.Has("epochs")) config = config with { Vae = config.Vae with { Epochs = a.GetInt("epochs", 1, 1, 10000) } };
        return config;
    }

    /// <summary>One row per clip: the track (relative path), the clip, its genre, then z0.. (the latent means clustered).</summary>
    private static void WriteLatentCsv(string path, RunResult result)
    {
        var latent = result.LatentMeans!;
        Csv.WriteFile(path, ["track", "clip", "offset_seconds", "genre", .. Enumerable.Range(0, latent[0].Length).Select(i => $"z{i}")],
            latent.Select((z, i) => (IEnumerable<object?>)[result.Features.Clips[i].Track.RelativePath, result.Features.Clips[i].ClipIndex,
                result.Features.Clips[i].OffsetSeconds, result.Features.Clips[i].Track.Genre ?? "", .. z.Cast<object?>()]));
    }

    private static void WriteEpochsCsv(string path, IReadOnlyList<EpochReport> epochs) =>
        Csv.WriteFile(path, ["epoch", "loss", "reconstruction", "kl", "beta", "validation_loss", "learning_rate", "seconds"],
            epochs.Select(e => (IEnumerable<object?>)[e.Epoch, e.Loss, e.Reconstruction, e.Kl, e.Beta, e.ValidationLoss, e.LearningRate, e.Seconds]));
}

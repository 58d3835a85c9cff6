using System.Diagnostics;
using MusicDashboard.Core.Clustering;
using MusicDashboard.Core.Datasets;
using MusicDashboard.Core.Features;
using MusicDashboard.Core.Metrics;
using MusicDashboard.Core.Projections;
using MusicDashboard.Core.Reports;
using MusicDashboard.Training.Models;

namespace MusicDashboard.Training.Pipeline;

/// <summary>What a run tells whoever watches it (console, database, dashboard). Plain numbers only, never tensors.</summary>
public interface IRunObserver
{
    void Log(string stage, string message) { }
    void Progress(string stage, int done, int total) { }
    void Epoch(EpochReport report) { }
    void Metrics(Table2Row row) { }
    /// <summary>2-D projection of every clip (rows aligned with the run's clips): during training every few epochs
    /// (PCA of the latent means, <see cref="ProjectionReport.Final"/> false) and once per method after clustering.</summary>
    void Projection(ProjectionReport report) { }
}

/// <summary>2-D points of every clip for one method. <paramref name="Clusters"/> is null while training (no clustering yet).</summary>
public sealed record ProjectionReport(string Method, int Epoch, bool Final, string Technique, double[][] Points, int[]? Clusters);

/// <summary>Fans a run's events out to several observers (console + database, later the dashboard hub).</summary>
public sealed class CompositeObserver(params IRunObserver[] observers) : IRunObserver
{
    public void Log(string stage, string message) { foreach (var o in observers) o.Log(stage, message); }
    public void Progress(string stage, int done, int total) { foreach (var o in observers) o.Progress(stage, done, total); }
    public void Epoch(EpochReport report) { foreach (var o in observers) o.Epoch(report); }
    public void Metrics(Table2Row row) { foreach (var o in observers) o.Metrics(row); }
    public void Projection(ProjectionReport report) { foreach (var o in observers) o.Projection(report); }
}

/// <summary>Cluster labels and 2-D coordinates of every clip for one method (one Table 2 row).</summary>
public sealed record MethodAssignments(string Method, int[] Clusters, double[][] Projection);

public sealed record RunResult(
    DatasetScan Scan,
    ClipFeatureTable Features,
    IReadOnlyList<Table2Row> Rows,
    IReadOnlyList<MethodAssignments> Assignments,
    IReadOnlyList<EpochReport> Epochs,
    double Seconds);

/// <summary>
/// One run in the order of the design: dataset scan -> clips -> MFCC features -> (baseline: K-Means on the standardised
/// features) -> MLP-VAE training -> latent means -> K-Means -> metrics -> 2-D projection. Synchronous on the calling
/// thread: TorchSharp's dispose scopes do not follow awaits.
/// </summary>
public static class RunPipeline
{
    public const string RawMfccMethod = "Raw MFCC + KMeans";
    public const string LatentMethod = "MLP-VAE (Audio) + KMeans";

    public static RunResult Execute(RunConfig config, string datasetRoot, string datasetName, IRunObserver observer, CancellationToken ct)
    {
        var problems = config.Validate().ToList();
        if (problems.Count > 0) throw new ArgumentException("invalid run configuration: " + string.Join("; ", problems));
        if (config.Model != ModelKind.MlpVae || config.Input != InputKind.Mfcc)
            throw new NotSupportedException($"this build trains the MLP-VAE on MFCC vectors only (asked: {config.Model} on {config.Input})");
        var total = Stopwatch.StartNew();

        var scan = Stage(observer, "scan", () => DatasetScanner.Scan(datasetRoot, datasetName),
            s => $"{s.Files.Count} audio files, {s.Genres.Count} genres in {s.Root}");
        ct.ThrowIfCancellationRequested();

        var features = Stage(observer, "features",
            () => CollectionFeatures.Extract(scan, config.Clips, config.Mfcc, new SyncProgress(observer), ct),
            f => $"{f.Features.Length} clips of {config.Clips.Seconds:0.#} s from {f.TracksUsed} tracks, {f.Features[0].Length}-d pooled MFCC; {f.Skipped.Count} file(s) skipped");
        foreach (var s in features.Skipped) observer.Log("features", $"skipped {s.Path}: {s.Reason}");
        if (features.Features.Length < config.Clustering.K)
            throw new DatasetException($"only {features.Features.Length} clips for K = {config.Clustering.K}: need at least K clips");

        var truth = features.GenreLabels(out var genres);
        if (truth is null) observer.Log("metrics", "some tracks have no genre label: ARI, NMI and purity are not computed");

        var rows = new List<Table2Row>();
        var assignments = new List<MethodAssignments>();

        // Baseline: the honest raw-feature row (standardised, the same clips).
        var raw = StandardScaler.Fit(ToDouble(features.Features)).Transform(ToDouble(features.Features));
        rows.Add(ClusterAndScore(RawMfccMethod, "MFCC", raw, truth, config, observer, assignments, ct, out _));

        // The model: MLP-VAE on the standardised MFCC vectors; its latent means are clustered.
        var epochs = new List<EpochReport>();
        var trainWatch = Stopwatch.StartNew();
        observer.Log("train", $"MLP-VAE {raw[0].Length}-{string.Join("-", config.Vae.Hidden)}-{config.Vae.LatentDim}, {config.Vae.Epochs} epochs, batch {config.Vae.BatchSize}, lr {config.Vae.LearningRate}, beta {config.Vae.Beta}");
        var latent = VaeTrainer.TrainAndEmbed(ToFloat(raw), config.Vae, config.Seed, e =>
        {
            epochs.Add(e);
            observer.Epoch(e);
        }, ct);
        var trainSeconds = trainWatch.Elapsed.TotalSeconds;
        var latentRow = ClusterAndScore(LatentMethod, "Latent", ToDouble(latent), truth, config, observer, assignments, ct, out var clusterSeconds);
        rows.Add(latentRow with { Seconds = trainSeconds + clusterSeconds });

        return new RunResult(scan, features, rows, assignments, epochs, total.Elapsed.TotalSeconds);
    }

    private static Table2Row ClusterAndScore(string method, string input, double[][] x, int[]? truth, RunConfig config,
        IRunObserver observer, List<MethodAssignments> assignments, CancellationToken ct, out double seconds)
    {
        var watch = Stopwatch.StartNew();
        // Scores are computed on the representation that was clustered (after the recorded scaling step).
        var scaled = Clusterer.Scale(x, config.Clustering.Scaling);
        var km = Clusterer.Fit(scaled, config.Clustering, config.Seed, ct);
        var scores = ClusteringScores.Compute(scaled, km.Labels, truth);
        var projection = Projector.Project(scaled, config.Projection, config.Seed, ct);
        seconds = watch.Elapsed.TotalSeconds;
        var row = new Table2Row(method, input, config.Clustering.Label, config.Clustering.K, scores.Silhouette, scores.DaviesBouldin, scores.CalinskiHarabasz,
            scores.Ari, scores.Nmi, scores.Purity, seconds);
        assignments.Add(new MethodAssignments(method, km.Labels, projection));
        observer.Metrics(row);
        observer.Projection(new ProjectionReport(method, config.Vae.Epochs, Final: true, config.Projection.ToString(), projection, km.Labels));
        observer.Log("cluster", $"{method}: silhouette {row.Silhouette:0.000}, DB {row.DaviesBouldin:0.000}, CH {row.CalinskiHarabasz:0.0}" +
            (row.Nmi is null ? "" : $", ARI {row.Ari:0.000}, NMI {row.Nmi:0.000}, purity {row.Purity:0.000}"));
        return row;
    }

    private static T Stage<T>(IRunObserver observer, string stage, Func<T> work, Func<T, string> describe)
    {
        var watch = Stopwatch.StartNew();
        observer.Log(stage, "started");
        var result = work();
        observer.Log(stage, $"{describe(result)} ({watch.Elapsed.TotalSeconds:0.0} s)");
        return result;
    }

    internal static double[][] ToDouble(float[][] x) => x.Select(r => r.Select(v => (double)v).ToArray()).ToArray();
    internal static float[][] ToFloat(double[][] x) => x.Select(r => r.Select(v => (float)v).ToArray()).ToArray();

    /// <summary>Reports progress on the reporting thread (System.Progress would post to the thread pool, out of order).</summary>
    private sealed class SyncProgress(IRunObserver observer) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => observer.Progress("features", value.Done, value.Total);
    }
}

using System.Diagnostics;
using MusicDashboard.Core.Audio;
using MusicDashboard.Core.Clustering;
using MusicDashboard.Core.Datasets;
using MusicDashboard.Core.Features;
using MusicDashboard.Core.Lyrics;
using MusicDashboard.Core.Metrics;
using MusicDashboard.Core.Projections;
using MusicDashboard.Core.Reports;
using MusicDashboard.Training.Inputs;
using MusicDashboard.Training.Models;
using MusicDashboard.Core.Projections.Methods;

namespace MusicDashboard.Training.Pipeline;

/// <summary>
/// One run as its data flows: scan -> one features pass (each file decoded once; pooled MFCC, the hand-crafted baseline
/// sets and, for an image input, the log-mel images all from the same clips and spectrogram) -> lyric vectors when the
/// input or the model uses them -> raw-feature baseline rows of the input -> VAE training (epoch and projection events,
/// checkpoints) -> latent means -> aggregate, cluster, score, project. What a model or an input does comes from its
/// registry entry (<see cref="ModelTypes"/>, <see cref="InputFeatures"/>); storing is the recorder's (RunRecorder).
/// Synchronous on the calling thread: TorchSharp's dispose scopes do not follow awaits.
/// </summary>
public static class RunPipeline
{
    public const string RawMfccMethod = "Raw MFCC + KMeans";
    public const string RawMfccMeanStdMethod = "Raw MFCC mean+std + KMeans";
    public const string RawMelStatsMethod = "Raw MelSpec stats + KMeans";
    public const string RawGtzan57Method = "Raw GTZAN-57 + KMeans";
    public const string LatentMethod = "MLP-VAE (Audio) + KMeans";

    /// <summary>The study's Table 2 name of the model's row (without the clustering suffix).</summary>
    public static string ModelLabel(RunConfig c)
    {
        var label = c.ModelType.RowLabel(c, c.InputFeature);
        // Beyond the study: the same model trained with the same-track term gets its own row name.
        if (c.Vae.TrackConsistency <= 0) return label;
        return label.EndsWith(')') ? label[..^1] + ", track-consistent)" : label + " (track-consistent)";
    }

    public static string ClusteringSuffix(ClusteringSettings s) => s.Name;
    public static string LatentMethodName(RunConfig c) => $"{ModelLabel(c)} + {ClusteringSuffix(c.Clustering)}";

    /// <summary>What the features stage produced: the scan, the clip table the run scores (pooled MFCC, or the feature
    /// table's rows), and the input's views of the same clips.</summary>
    private sealed record FeatureStage(DatasetScan Scan, ClipFeatureTable Features, bool IsTable, double[][]? MelStats, double[][]? Gtzan57, LogMelImageTable? Images);

    public static RunResult Execute(RunConfig config, string datasetRoot, string datasetName, IRunObserver observer, CancellationToken ct,
        RunOptions? options = null)
    {
        options ??= new RunOptions();
        var problems = config.Validate().ToList();
        if (problems.Count > 0) throw new ArgumentException("invalid run configuration: " + string.Join("; ", problems));
        var total = Stopwatch.StartNew();
        var model = config.ModelType;
        var input = config.InputFeature;

        // Decode once, features once.
        var stage = Features(config, datasetRoot, datasetName, input, observer, options, ct);
        var (scan, features, isTable) = (stage.Scan, stage.Features, stage.IsTable);
        foreach (var s in features.Skipped) observer.Log("features", $"skipped {s.Path}: {s.Reason}");
        var clips = features.Clips;
        var truth = features.GenreLabels(out _);
        // Each clip's genre rides along with every projection, so the scatter can colour by genre while training.
        var clipGenres = clips.Select(c => c.Track.Genre).ToArray();
        if (truth is null) observer.Log("metrics", "some tracks have no genre label: ARI, NMI and purity are not computed");
        var (lyrics, lyricRows, hasLyricsRows) = config.UsesLyrics ? Lyrics(config, scan, clips, observer, options) : (null, null, null);

        var pooled = ToDouble(features.Features);
        var meanOnly = !isTable && config.Mfcc.Pooling == MfccPooling.Mean;
        var views = new InputViews(meanOnly ? pooled.Select(r => r[..config.Mfcc.NMfcc]).ToArray() : pooled, pooled, meanOnly,
            stage.MelStats, stage.Gtzan57, lyricRows, hasLyricsRows, stage.Images);

        // Aggregate: the units every row is scored on.
        var rows = new List<MetricsRow>();
        var assignments = new List<MethodAssignments>();
        var units = ScoringUnits.For(clips, config.Aggregation);
        var unitTruth = units.Labels(truth);
        if (config.Clustering.Info?.UsesK != false && units.Count <= config.Clustering.K)
            throw new DatasetException($"only {units.Count} {units.Name} to cluster into K = {config.Clustering.K}: scoring needs more {units.Name} than clusters " +
                "(lower K" + (units.PerTrack ? ", add tracks, or score clips with aggregation 'clip')" : " or add tracks)"));
        var viewsLabel = isTable ? "" : ViewsLabel(config);
        observer.Log("units", units.PerTrack
            ? $"rows are scored on {units.Count} tracks (the mean of each track's {(isTable ? "table rows" : $"{config.Clips.Seconds:0.#}-s views")}: {units.ViewsPerUnit.Min()}-{units.ViewsPerUnit.Max()} per track)"
            : $"rows are scored on {units.Count} clips of {config.Clips.Seconds:0.#} s");
        var singleViews = units.PerTrack ? units.ViewsPerUnit.All(v => v < 2) : clips.GroupBy(c => c.TrackIndex).All(g => g.Count() < 2);
        if (config.Vae.TrackConsistency > 0 && singleViews)
            observer.Log("train", "the same-track term is inactive: every track yielded a single view, so there are no pairs to pull together");
        var noLyrics = lyrics is { WithLyrics: 0 };

        // Baselines: honest raw-feature rows on the same clips and units, standardised as configured, clustered as the
        // latent row is. Every audio run gets the hand-crafted sets people use, whatever its model reads.
        var suffix = ClusteringSuffix(config.Clustering);
        IEnumerable<BaselineRow> baselines = isTable ? [new("Raw table features", $"{features.ColumnNames.Count} table columns", pooled)] : input.Baselines(views);
        foreach (var b in baselines)
        {
            var row = ClusterAndScore($"{b.Features}{viewsLabel} + {suffix}", b.Input, units.Reduce(b.Rows), units, unitTruth, clipGenres, config, config.Clustering.Scaling, observer, assignments, ct, out _);
            rows.Add(b.Note is null ? row : row with { Note = b.Note });
        }
        if (!isTable && input.ReadsAudio && lyricRows is not null && noLyrics)
            observer.Log("baseline", "no track has lyrics: the Raw MFCC+Lyrics row is left out (it would equal Raw MFCC)");

        // Train: the model's input and what the model adds to it (the CVAE's condition).
        var (data, describeInput) = input.ModelInput(views, config);
        if (isTable) describeInput = $"{pooled[0].Length}-d feature-table rows, standardised";
        data = model.Prepare(config, data, views);
        if (config.Vae.TrackConsistency > 0) data = data with { Groups = clips.Select(c => c.TrackIndex).ToArray() };
        var method = LatentMethodName(config);
        var (training, trainSeconds) = Train(config, data, describeInput, method, units, clipGenres, observer, options, ct);

        // Cluster and score the latent means.
        var latent = units.Reduce(ToDouble(training.LatentMeans));
        var latentRow = ClusterAndScore(method, "Latent", latent, units, unitTruth, clipGenres, config, config.LatentScaling, observer, assignments, ct, out var clusterSeconds);
        var notes = new List<string>();
        if (noLyrics && config.UsesLyrics) notes.Add("no track has lyrics: the lyric input was all zeros, so this is an audio-only model");
        if (config.Vae.TrackConsistency > 0 && singleViews) notes.Add("same-track term inactive: one view per track");
        var note = notes.Count == 0 ? null : string.Join("; ", notes);
        rows.Add(latentRow with { Seconds = trainSeconds + clusterSeconds, Note = note });
        // The same latent means clustered other ways (the study's other method): same scaling, same projection.
        var latentPoints = assignments[^1].Projection;
        foreach (var other in config.AlsoCluster ?? [])
        {
            var otherRow = ClusterAndScore($"{ModelLabel(config)} + {ClusteringSuffix(other)}", "Latent", latent, units, unitTruth, clipGenres, config with { Clustering = other },
                config.LatentScaling, observer, assignments, ct, out var otherSeconds, latentPoints);
            // Seconds: the shared training plus this clustering, as the model's own row counts it.
            rows.Add(otherRow with { Seconds = trainSeconds + otherSeconds, Note = note });
        }

        return new RunResult(scan, features, rows, assignments, training.Epochs, total.Elapsed.TotalSeconds)
        {
            LatentMeans = ToFloat(units.Expand(latent)), Model = training.Model, Lyrics = lyrics, Units = units,
        };
    }

    /// <summary>The scan and one pass over it: every file decoded once, and from the same clips the pooled MFCC (mean and
    /// std: the study's mean input is its first half), the hand-crafted baseline sets of an audio input and the images of
    /// an image input. A feature table is read as it is.</summary>
    private static FeatureStage Features(RunConfig config, string datasetRoot, string datasetName, IInputFeature input, IRunObserver observer,
        RunOptions options, CancellationToken ct)
    {
        if (FeatureTableDataset.IsTable(datasetRoot))
        {
            if (config.FeatureTableProblem() is { } problem) throw new DatasetException($"'{datasetRoot}': {problem}");
            var (tableScan, table) = Stage(observer, "features", () => FeatureTableDataset.Read(datasetRoot),
                t => $"feature table: {t.Features.Features.Length} rows x {t.Features.ColumnNames.Count} numeric columns from {t.Scan.Files.Count} tracks");
            return new FeatureStage(tableScan, table, true, null, null, null);
        }
        var scan = Stage(observer, "scan", () => DatasetScanner.Scan(datasetRoot, datasetName),
            s => $"{s.Files.Count} audio files, {s.Genres.Count} genres in {s.Root}");
        ct.ThrowIfCancellationRequested();
        var wanted = ClipFeatures(config);
        var set = Stage(observer, "features",
            () => CollectionFeatures.ExtractSet(scan, config.Clips, wanted, input.IsImage ? config.Mfcc : null, new SyncProgress(observer, "features"), ct,
                options.FeatureCacheFolder, options.Decoder),
            s => Describe(config, wanted, s));
        var at = (int k) => wanted.Count > k ? ToDouble(set.Tables[k].Features) : null;
        return new FeatureStage(scan, set.Tables[0], false, at(1), at(2), set.Images);
    }

    /// <summary>The per-clip features a run of <paramref name="config"/> reads from a collection of audio (each with its
    /// feature-cache key): the pooled MFCC, and for an audio input the log-mel statistics and the GTZAN-57 vector. Scale-out's
    /// feature shards compute exactly these, so the runs after them find every track in the cache.</summary>
    public static IReadOnlyList<ClipFeature> ClipFeatures(RunConfig config)
    {
        List<ClipFeature> wanted = [ClipFeature.Mfcc(config.Mfcc with { Pooling = MfccPooling.MeanStd }, config.Clips)];
        if (config.InputFeature.ReadsAudio) wanted.AddRange([ClipFeature.LogMelStats(config.Mfcc, config.Clips), ClipFeature.Gtzan57(config.Mfcc, config.Clips)]);
        return wanted;
    }

    private static string Describe(RunConfig config, IReadOnlyList<ClipFeature> wanted, CollectionFeatureSet set)
    {
        var f = set.Tables[0];
        var cache = set.Tables.Select(t => t.Cache).Where(c => c is not null).ToList();
        return $"{f.Features.Length} clips of {config.Clips.Seconds:0.#} s (hop {config.Clips.HopSeconds:0.#} s) from {f.TracksUsed} tracks: " +
            string.Join(", ", wanted.Select(w => $"{w.Names.Count}-d {w.Title}")) +
            (set.Images is { } i ? $", {i.Count} log-mel images of 1 x {i.Height} x {i.Width}" : "") + $"; {f.Skipped.Count} file(s) skipped" +
            (cache.Count > 0 ? $"; feature cache: {cache.Sum(c => c!.Hits)} entries read, {cache.Sum(c => c!.Misses)} computed" +
                (cache.Sum(c => c!.Corrupt) is > 0 and var bad ? $", {bad} corrupt entries recomputed" : "") : "");
    }

    /// <summary>The lyric vector of every clip's track (TF-IDF + LSA over the tracks used).</summary>
    private static (LyricVectorTable, double[][], bool[]) Lyrics(RunConfig config, DatasetScan scan, IReadOnlyList<ClipInfo> clips, IRunObserver observer, RunOptions options)
    {
        var trackIndices = clips.Select(c => c.TrackIndex).Distinct().Order().ToList();
        var lyrics = Stage(observer, "lyrics",
            () => LyricVectors.Build(trackIndices.Select(i => options.Lyrics.TextOf(scan.Files[i])).ToList(), config.Lyrics),
            l => $"{l.WithLyrics} of {l.HasLyrics.Length} tracks have lyrics ({options.Lyrics.Name}); TF-IDF over {l.VocabularySize} terms, LSA to {l.EffectiveDim} of {config.Lyrics.Dim} dimensions");
        if (lyrics.WithLyrics == 0) observer.Log("lyrics", "no track has lyrics: every lyric vector is zero and every track counts as instrumental");
        var position = trackIndices.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i);
        return (lyrics, clips.Select(c => lyrics.Vectors[position[c.TrackIndex]]).ToArray(), clips.Select(c => lyrics.HasLyrics[position[c.TrackIndex]]).ToArray());
    }

    /// <summary>Trains the configured model on <paramref name="data"/>, publishing epochs and PCA snapshots of the latent means.</summary>
    private static (TrainingResult Result, double Seconds) Train(RunConfig config, TrainingSet data, string describeInput, string method, ScoringUnits units,
        string?[] genres, IRunObserver observer, RunOptions options, CancellationToken ct)
    {
        var trainWatch = Stopwatch.StartNew();
        observer.Log("train", $"{ModelLabel(config)} on {describeInput}; latent {config.Vae.LatentDim}, {config.Vae.Epochs} epochs, batch {config.Vae.BatchSize}, " +
            $"Adam lr {config.Vae.LearningRate} wd {config.Vae.WeightDecay}, beta {config.Vae.Beta} (warm-up {config.Vae.KlWarmupEpochs}), {config.Vae.Reconstruction} loss" +
            (config.Vae.TrackConsistency > 0 ? $", same-track term x {config.Vae.TrackConsistency} per input value (batches of whole tracks)" : "") +
            (data.ConditionDim == 0 ? "" : $", condition {config.Condition} ({data.ConditionDim}-d)"));
        var training = VaeTrainer.Train(() => BuildModel(config, data), data, config.Vae, config.Seed, new TrainingOptions
        {
            OnEpoch = observer.Epoch,
            OnLatentMeans = (epoch, mu) =>
            {
                var scaled = Clusterer.Scale(units.Reduce(ToDouble(mu)), config.LatentScaling);
                var points = units.Expand(Projector.Project(scaled, PcaProjection.MethodId, config.Seed, ct));
                observer.Projection(new ProjectionReport(method, epoch, Final: false, ProjectionMethods.Get(PcaProjection.MethodId).Label, points, null) { Genres = genres });
            },
            CheckpointFolder = options.CheckpointFolder,
            ResumeFrom = options.ResumeFrom,
            ConfigJson = config.ToJson(),
            Log = m => observer.Log("train", m),
        }, ct);
        observer.Log("train", $"{training.Model}: {training.Epochs.Count} epochs in {trainWatch.Elapsed.TotalSeconds:0.0} s" +
            (options.CheckpointFolder is null ? "" : $"; checkpoint in {options.CheckpointFolder}"));
        return (training, trainWatch.Elapsed.TotalSeconds);
    }

    /// <summary>How a baseline's name says which views it was computed on, when they are not the study's 10-s clips.</summary>
    public static string ViewsLabel(RunConfig c) =>
        c.Clips.Seconds == 10 && c.Clips.HopSeconds == 10 ? "" : FormattableString.Invariant($" ({c.Clips.Seconds:0.#}-s views)");

    /// <summary>A fresh model of the configured type for <paramref name="data"/>.</summary>
    public static VaeModel BuildModel(RunConfig config, TrainingSet data) => config.ModelType.Build(config, data);

    private static MetricsRow ClusterAndScore(string method, string input, double[][] x, ScoringUnits units, int[]? truth, string?[] genres, RunConfig config, FeatureScaling scaling,
        IRunObserver observer, List<MethodAssignments> assignments, CancellationToken ct, out double seconds, double[][]? clipProjection = null)
    {
        var watch = Stopwatch.StartNew();
        // Scores are computed on the representation that was clustered (after the recorded scaling step), one row per unit.
        var scaled = Clusterer.Scale(x, scaling);
        var km = Clusterer.Fit(scaled, config.Clustering, config.Seed, ct);
        if (km.Labels.Distinct().Count() < 2)
            throw new ArgumentException($"{method}: clustering found a single cluster, the rows are (nearly) identical" +
                (input == "Latent" ? "; the VAE's encoder collapsed (all latent means alike): try KL warm-up, a lower beta or learning rate, or more epochs" : ""));
        // K as configured, or, for a method that finds its own number (DBSCAN, HDBSCAN), the clusters it found (noise aside).
        var k = config.Clustering.Info?.UsesK == false ? km.Labels.Where(l => l >= 0).Distinct().Count() : config.Clustering.K;
        var scores = MetricsRow.Score(method, input, config.Clustering.Label, k, scaled, km.Labels, truth);
        // Stored and drawn per clip: every clip carries its unit's cluster and point (a projection of the same rows is reused).
        var clipPoints = clipProjection ?? units.Expand(Projector.Project(scaled, config.Projection, config.Seed, ct));
        seconds = watch.Elapsed.TotalSeconds;
        var row = scores with { Seconds = seconds, Unit = units.Name, Units = units.Count };
        var clipLabels = units.Expand(km.Labels);
        assignments.Add(new MethodAssignments(method, clipLabels, clipPoints));
        observer.Metrics(row);
        observer.Projection(new ProjectionReport(method, config.Vae.Epochs, Final: true, ProjectionMethods.Get(config.Projection).Label, clipPoints, clipLabels) { Genres = genres });
        observer.Log("cluster", $"{method} ({units.Count} {units.Name}): silhouette {row.Silhouette:0.000}, DB {row.DaviesBouldin:0.000}, CH {row.CalinskiHarabasz:0.0}" +
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
    private sealed class SyncProgress(IRunObserver observer, string stage) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => observer.Progress(stage, value.Done, value.Total);
    }
}

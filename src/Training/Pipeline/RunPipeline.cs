using System.Diagnostics;
using MusicDashboard.Core.Clustering;
using MusicDashboard.Core.Datasets;
using MusicDashboard.Core.Features;
using MusicDashboard.Core.Lyrics;
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
    void Metrics(MetricsRow row) { }
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
    public void Metrics(MetricsRow row) { foreach (var o in observers) o.Metrics(row); }
    public void Projection(ProjectionReport report) { foreach (var o in observers) o.Projection(report); }
}

/// <summary>Cluster labels and 2-D coordinates of every clip for one method (one Table 2 row).</summary>
public sealed record MethodAssignments(string Method, int[] Clusters, double[][] Projection);

public sealed record RunResult(
    DatasetScan Scan,
    ClipFeatureTable Features,
    IReadOnlyList<MetricsRow> Rows,
    IReadOnlyList<MethodAssignments> Assignments,
    IReadOnlyList<EpochReport> Epochs,
    double Seconds)
{
    /// <summary>Latent means of every clip (after the configured per-track aggregation), aligned with Features.Clips.</summary>
    public float[][]? LatentMeans { get; init; }
    /// <summary>The trained model, one line ("MlpVae 40-256-128-16").</summary>
    public string? Model { get; init; }
    /// <summary>The lyric vectors, when the run used lyrics.</summary>
    public LyricVectorTable? Lyrics { get; init; }
    /// <summary>What the rows were scored on (tracks or clips).</summary>
    public ScoringUnits? Units { get; init; }
}

/// <summary>What a caller adds to a run besides its configuration.</summary>
public sealed record RunOptions
{
    /// <summary>Folder for training checkpoints (every VaeSettings.CheckpointEvery epochs and at the end); null = none.</summary>
    public string? CheckpointFolder { get; init; }
    /// <summary>Checkpoint folder to resume training from.</summary>
    public string? ResumeFrom { get; init; }
    /// <summary>Where lyric text comes from (default: sidecar .txt files; a Whisper transcript store plugs in here).</summary>
    public ILyricsSource Lyrics { get; init; } = new SidecarLyricsSource();
    /// <summary>Folder of the per-track feature cache (file hash + settings; see FeatureCache); null = always extract.</summary>
    public string? FeatureCacheFolder { get; init; }
}

/// <summary>
/// One run in the order of the design: dataset scan -> clips -> features (pooled MFCC; log-mel images for the Conv-VAE;
/// lyric vectors when the input or the CVAE condition uses them) -> raw-feature baseline row(s) of the same input -> VAE
/// training (epoch and projection events, checkpoints) -> latent means -> clustering -> metrics -> 2-D projection.
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
        var label = c.Model switch
        {
            ModelKind.ConvVae => "Conv-VAE",
            ModelKind.Cvae => c.Input switch { InputKind.Lyrics => "CVAE (Lyrics)", _ => "CVAE (Fusion)" },
            _ => c.Input switch
            {
                InputKind.MfccLyrics => "MLP-VAE (Audio+Lyrics)", InputKind.Lyrics => "MLP-VAE (Lyrics)",
                InputKind.MfccHandcrafted => "MLP-VAE (MFCC+GTZAN-57)", _ => "MLP-VAE (Audio)",
            },
        };
        // Beyond the study: the same model trained with the same-track term gets its own row name.
        if (c.Vae.TrackConsistency <= 0) return label;
        return label.EndsWith(')') ? label[..^1] + ", track-consistent)" : label + " (track-consistent)";
    }

    public static string ClusteringSuffix(ClusteringSettings s) => s.Method == ClusteringMethod.Gmm ? "GMM" : "KMeans";
    public static string LatentMethodName(RunConfig c) => $"{ModelLabel(c)} + {ClusteringSuffix(c.Clustering)}";

    public static RunResult Execute(RunConfig config, string datasetRoot, string datasetName, IRunObserver observer, CancellationToken ct,
        RunOptions? options = null)
    {
        options ??= new RunOptions();
        var problems = config.Validate().ToList();
        if (problems.Count > 0) throw new ArgumentException("invalid run configuration: " + string.Join("; ", problems));
        var total = Stopwatch.StartNew();

        DatasetScan scan;
        ClipFeatureTable features;
        var isTable = FeatureTableDataset.IsTable(datasetRoot);
        if (isTable)
        {
            if (config.FeatureTableProblem() is { } problem) throw new DatasetException($"'{datasetRoot}': {problem}");
            (scan, features) = Stage(observer, "features", () => FeatureTableDataset.Read(datasetRoot),
                t => $"feature table: {t.Features.Features.Length} rows x {t.Features.ColumnNames.Count} numeric columns from {t.Scan.Files.Count} tracks");
        }
        else
        {
            scan = Stage(observer, "scan", () => DatasetScanner.Scan(datasetRoot, datasetName),
                s => $"{s.Files.Count} audio files, {s.Genres.Count} genres in {s.Root}");
            ct.ThrowIfCancellationRequested();
            // MFCC mean and std in one pass: the study's input is the mean half, the mean+std baseline is the whole.
            features = Stage(observer, "features",
                () => CollectionFeatures.Extract(scan, config.Clips, config.Mfcc with { Pooling = MfccPooling.MeanStd }, new SyncProgress(observer, "features"), ct, options.FeatureCacheFolder),
                f => $"{f.Features.Length} clips of {config.Clips.Seconds:0.#} s (hop {config.Clips.HopSeconds:0.#} s) from {f.TracksUsed} tracks, {f.Features[0].Length}-d pooled MFCC; {f.Skipped.Count} file(s) skipped" +
                    (f.Cache is { } c ? $"; feature cache: {c.Hits} tracks read, {c.Misses} computed" + (c.Corrupt > 0 ? $", {c.Corrupt} corrupt entries recomputed" : "") : ""));
        }
        foreach (var s in features.Skipped) observer.Log("features", $"skipped {s.Path}: {s.Reason}");
        var clips = features.Clips;
        var truth = features.GenreLabels(out _);
        if (truth is null) observer.Log("metrics", "some tracks have no genre label: ARI, NMI and purity are not computed");

        LyricVectorTable? lyrics = null;
        double[][]? lyricRows = null;
        bool[]? hasLyricsRows = null;
        if (config.UsesLyrics)
        {
            var trackIndices = clips.Select(c => c.TrackIndex).Distinct().Order().ToList();
            lyrics = Stage(observer, "lyrics",
                () => LyricVectors.Build(trackIndices.Select(i => options.Lyrics.TextOf(scan.Files[i])).ToList(), config.Lyrics),
                l => $"{l.WithLyrics} of {l.HasLyrics.Length} tracks have lyrics ({options.Lyrics.Name}); TF-IDF over {l.VocabularySize} terms, LSA to {l.EffectiveDim} of {config.Lyrics.Dim} dimensions");
            if (lyrics.WithLyrics == 0) observer.Log("lyrics", "no track has lyrics: every lyric vector is zero and every track counts as instrumental");
            var position = trackIndices.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i);
            lyricRows = clips.Select(c => lyrics.Vectors[position[c.TrackIndex]]).ToArray();
            hasLyricsRows = clips.Select(c => lyrics.HasLyrics[position[c.TrackIndex]]).ToArray();
        }

        var rows = new List<MetricsRow>();
        var assignments = new List<MethodAssignments>();
        var pooled = ToDouble(features.Features);
        var meanOnly = !isTable && config.Mfcc.Pooling == MfccPooling.Mean;
        var mfcc = meanOnly ? pooled.Select(r => r[..config.Mfcc.NMfcc]).ToArray() : pooled;
        var units = ScoringUnits.For(clips, config.Aggregation);
        var unitTruth = units.Labels(truth);
        if (units.Count <= config.Clustering.K)
            throw new DatasetException($"only {units.Count} {units.Name} to cluster into K = {config.Clustering.K}: scoring needs more {units.Name} than clusters " +
                "(lower K" + (units.PerTrack ? ", add tracks, or score clips with aggregation 'clip')" : " or add tracks)"));
        var views = isTable ? "" : ViewsLabel(config);
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
        void Baseline(string features, string input, double[][] x, FeatureScaling scaling, string? note = null)
        {
            var row = ClusterAndScore($"{features}{views} + {suffix}", input, x, units, unitTruth, config, scaling, observer, assignments, ct, out _);
            rows.Add(note is null ? row : row with { Note = note });
        }
        LogMelImages.Table? images = null;
        if (isTable)
        {
            Baseline("Raw table features", $"{features.ColumnNames.Count} table columns", units.Reduce(mfcc), config.Clustering.Scaling);
        }
        else if (config.Input == InputKind.Lyrics)
        {
            Baseline("Raw Lyrics", "Lyrics (LSA)", units.Reduce(lyricRows!), config.Clustering.Scaling,
                noLyrics ? "no track has lyrics: every vector is zero" : null);
        }
        else
        {
            if (meanOnly) Baseline("Raw MFCC", "MFCC", units.Reduce(mfcc), config.Clustering.Scaling);
            Baseline("Raw MFCC mean+std", "MFCC mean+std", units.Reduce(pooled), config.Clustering.Scaling);
            var melStats = Stage(observer, "baseline",
                () => CollectionFeatures.ExtractLogMelStats(scan, config.Clips, config.Mfcc, null, ct, options.FeatureCacheFolder),
                t => $"log-mel band statistics of the same clips ({t.Features[0].Length}-d: mean and std of every band)");
            Baseline("Raw MelSpec stats", "MelSpec band mean+std", units.Reduce(Aligned(melStats, clips)), config.Clustering.Scaling);
            var gtzan57 = Stage(observer, "baseline",
                () => CollectionFeatures.ExtractGtzanSummary(scan, config.Clips, config.Mfcc, new SyncProgress(observer, "baseline"), ct, options.FeatureCacheFolder),
                t => $"GTZAN-57 hand-crafted set of the same clips (Kaggle's features_30_sec.csv layout: chroma, RMS, spectral shape, ZCR, harmonic/percussive, tempo, 20 MFCC mean and variance)");
            var handcrafted = Aligned(gtzan57, clips);
            Baseline("Raw GTZAN-57", "hand-crafted 57", units.Reduce(handcrafted), config.Clustering.Scaling);
            if (config.Input == InputKind.MfccHandcrafted)
            {
                // The model's own input as a raw row: the two sets side by side, standardised.
                mfcc = Concat(mfcc, handcrafted);
                Baseline("Raw MFCC mean+std & GTZAN-57", "MFCC mean+std + hand-crafted 57", units.Reduce(mfcc), config.Clustering.Scaling);
            }
            if (lyricRows is not null && !noLyrics)
                Baseline("Raw MFCC+Lyrics", "MFCC+Lyrics (LSA)", units.Reduce(Concat(mfcc, lyricRows)), config.Clustering.Scaling);
            else if (lyricRows is not null)
                observer.Log("baseline", "no track has lyrics: the Raw MFCC+Lyrics row is left out (it would equal Raw MFCC)");
        }
        if (config.Input == InputKind.LogMel)
            images = Stage(observer, "logmel", () => LogMelImages.Compute(clips, config.Clips, config.Mfcc, new SyncProgress(observer, "logmel"), ct),
                t => $"{t.Count} log-mel images of 1 x {t.Height} x {t.Width}");

        // The model's input and condition.
        var (data, describeInput) = ModelInput(config, mfcc, lyricRows, images);
        if (isTable) describeInput = $"{mfcc[0].Length}-d feature-table rows, standardised";
        float[][]? condition = config.Model == ModelKind.Cvae ? Condition(config, lyricRows!, hasLyricsRows!) : null;
        if (condition is not null) data = data with { Conditions = TrainingSet.Flatten(condition, "condition"), ConditionDim = condition[0].Length };
        if (config.Vae.TrackConsistency > 0) data = data with { Groups = clips.Select(c => c.TrackIndex).ToArray() };

        var method = LatentMethodName(config);
        var epochs = new List<EpochReport>();
        var trainWatch = Stopwatch.StartNew();
        observer.Log("train", $"{ModelLabel(config)} on {describeInput}; latent {config.Vae.LatentDim}, {config.Vae.Epochs} epochs, batch {config.Vae.BatchSize}, " +
            $"Adam lr {config.Vae.LearningRate} wd {config.Vae.WeightDecay}, beta {config.Vae.Beta} (warm-up {config.Vae.KlWarmupEpochs}), {config.Vae.Reconstruction} loss" +
            (config.Vae.TrackConsistency > 0 ? $", same-track term x {config.Vae.TrackConsistency} per input value (batches of whole tracks)" : "") +
            (condition is null ? "" : $", condition {config.Condition} ({condition[0].Length}-d)"));
        var training = VaeTrainer.Train(() => BuildModel(config, data), data, config.Vae, config.Seed, new TrainingOptions
        {
            OnEpoch = e => { epochs.Add(e); observer.Epoch(e); },
            OnLatentMeans = (epoch, mu) =>
            {
                var scaled = Clusterer.Scale(units.Reduce(ToDouble(mu)), config.LatentScaling);
                var points = units.Expand(Projector.Project(scaled, ProjectionMethod.Pca, config.Seed, ct));
                observer.Projection(new ProjectionReport(method, epoch, Final: false, nameof(ProjectionMethod.Pca), points, null));
            },
            CheckpointFolder = options.CheckpointFolder,
            ResumeFrom = options.ResumeFrom,
            ConfigJson = config.ToJson(),
            Log = m => observer.Log("train", m),
        }, ct);
        observer.Log("train", $"{training.Model}: {training.Epochs.Count} epochs in {trainWatch.Elapsed.TotalSeconds:0.0} s" +
            (options.CheckpointFolder is null ? "" : $"; checkpoint in {options.CheckpointFolder}"));
        var trainSeconds = trainWatch.Elapsed.TotalSeconds;
        var latent = units.Reduce(ToDouble(training.LatentMeans));
        var latentRow = ClusterAndScore(method, "Latent", latent, units, unitTruth, config, config.LatentScaling, observer, assignments, ct, out var clusterSeconds);
        var notes = new List<string>();
        if (noLyrics && config.UsesLyrics) notes.Add("no track has lyrics: the lyric input was all zeros, so this is an audio-only model");
        if (config.Vae.TrackConsistency > 0 && singleViews) notes.Add("same-track term inactive: one view per track");
        rows.Add(latentRow with { Seconds = trainSeconds + clusterSeconds, Note = notes.Count == 0 ? null : string.Join("; ", notes) });

        return new RunResult(scan, features, rows, assignments, training.Epochs, total.Elapsed.TotalSeconds)
        {
            LatentMeans = ToFloat(units.Expand(latent)), Model = training.Model, Lyrics = lyrics, Units = units,
        };
    }

    /// <summary>How a baseline's name says which views it was computed on, when they are not the study's 10-s clips.</summary>
    public static string ViewsLabel(RunConfig c) =>
        c.Clips.Seconds == 10 && c.Clips.HopSeconds == 10 ? "" : FormattableString.Invariant($" ({c.Clips.Seconds:0.#}-s views)");

    /// <summary>Rows of another feature table of the same scan and clip policy, in the order of <paramref name="clips"/>.</summary>
    private static double[][] Aligned(ClipFeatureTable table, IReadOnlyList<ClipInfo> clips)
    {
        var at = new Dictionary<(int, int), int>();
        for (var i = 0; i < table.Clips.Count; i++) at[(table.Clips[i].TrackIndex, table.Clips[i].ClipIndex)] = i;
        return clips.Select(c => at.TryGetValue((c.TrackIndex, c.ClipIndex), out var i)
            ? table.Features[i].Select(v => (double)v).ToArray()
            : throw new InvalidOperationException($"the baseline features have no clip {c.ClipIndex} of {c.Track.RelativePath}")).ToArray();
    }

    public static VaeModel BuildModel(RunConfig config, TrainingSet data) => config.Model switch
    {
        ModelKind.ConvVae => new ConvVae((int)data.SampleShape[1], (int)data.SampleShape[2], config.Vae.ConvChannels, config.Vae.LatentDim),
        ModelKind.Cvae => new Cvae((int)data.SampleShape[0], data.ConditionDim, config.Vae.Hidden, config.Vae.LatentDim),
        _ => new MlpVae((int)data.SampleShape[0], config.Vae.Hidden, config.Vae.LatentDim),
    };

    /// <summary>Vectors are standardised per column (the MSE's unit-variance assumption); images are scaled globally.</summary>
    private static (TrainingSet Data, string Description) ModelInput(RunConfig config, double[][] mfcc, double[][]? lyrics, LogMelImages.Table? images)
    {
        switch (config.Input)
        {
            case InputKind.LogMel:
                var how = LogMelImages.Normalise(images!.Values, config.Vae.Reconstruction);
                return (new TrainingSet(images.Values, images.Count, [1, images.Height, images.Width]), $"1 x {images.Height} x {images.Width} log-mel images, {how}");
            case InputKind.Lyrics:
                return (TrainingSet.FromRows(ToFloat(Standardise(lyrics!))), $"{lyrics![0].Length}-d lyric vectors, standardised");
            case InputKind.MfccLyrics:
                return (TrainingSet.FromRows(ToFloat(Standardise(Concat(mfcc, lyrics!)))), $"{mfcc[0].Length}-d MFCC + {lyrics![0].Length}-d lyric vectors, standardised");
            case InputKind.MfccHandcrafted:
                return (TrainingSet.FromRows(ToFloat(Standardise(mfcc))), $"{mfcc[0].Length}-d MFCC mean+std + GTZAN-57 vectors, standardised");
            default:
                return (TrainingSet.FromRows(ToFloat(Standardise(mfcc))), $"{mfcc[0].Length}-d MFCC vectors, standardised");
        }
    }

    /// <summary>The CVAE's condition per clip: [has lyrics, instrumental] one-hot, the lyric vector, or both. Never the genre.</summary>
    public static float[][] Condition(RunConfig config, double[][] lyrics, bool[] hasLyrics) => lyrics.Select((l, i) =>
    {
        var modality = hasLyrics[i] ? new[] { 1f, 0f } : [0f, 1f];
        var vector = l.Select(v => (float)v);
        return config.Condition switch
        {
            CvaeCondition.Modality => modality,
            CvaeCondition.LyricsVector => vector.ToArray(),
            _ => modality.Concat(vector).ToArray(),
        };
    }).ToArray();

    private static double[][] Standardise(double[][] x) => StandardScaler.Fit(x).Transform(x);
    private static double[][] Concat(double[][] a, double[][] b) => a.Select((r, i) => r.Concat(b[i]).ToArray()).ToArray();

    private static MetricsRow ClusterAndScore(string method, string input, double[][] x, ScoringUnits units, int[]? truth, RunConfig config, FeatureScaling scaling,
        IRunObserver observer, List<MethodAssignments> assignments, CancellationToken ct, out double seconds)
    {
        var watch = Stopwatch.StartNew();
        // Scores are computed on the representation that was clustered (after the recorded scaling step), one row per unit.
        var scaled = Clusterer.Scale(x, scaling);
        var km = Clusterer.Fit(scaled, config.Clustering, config.Seed, ct);
        if (km.Labels.Distinct().Count() < 2)
            throw new ArgumentException($"{method}: clustering found a single cluster, the rows are (nearly) identical" +
                (input == "Latent" ? "; the VAE's encoder collapsed (all latent means alike): try KL warm-up, a lower beta or learning rate, or more epochs" : ""));
        var scores = MetricsRow.Score(method, input, config.Clustering.Label, config.Clustering.K, scaled, km.Labels, truth);
        var projection = Projector.Project(scaled, config.Projection, config.Seed, ct);
        seconds = watch.Elapsed.TotalSeconds;
        var row = scores with { Seconds = seconds, Unit = units.Name, Units = units.Count };
        // Stored and drawn per clip: every clip carries its unit's cluster and point.
        var clipLabels = units.Expand(km.Labels);
        var clipPoints = units.Expand(projection);
        assignments.Add(new MethodAssignments(method, clipLabels, clipPoints));
        observer.Metrics(row);
        observer.Projection(new ProjectionReport(method, config.Vae.Epochs, Final: true, config.Projection.ToString(), clipPoints, clipLabels));
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

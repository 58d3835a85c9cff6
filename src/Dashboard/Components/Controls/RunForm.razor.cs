using System.Globalization;
using Microsoft.AspNetCore.Components;
using MusicDashboard.Core.Audio;
using System.Collections.Immutable;
using MusicDashboard.Core.Clustering;
using MusicDashboard.Core.Clustering.Methods;
using MusicDashboard.Core.Features;
using MusicDashboard.Core.Projections;
using MusicDashboard.Dashboard.Services;
using MusicDashboard.Training.Inputs;
using MusicDashboard.Training.Models;
using MusicDashboard.Training.Pipeline;
using MusicDashboard.Core.Projections.Methods;

namespace MusicDashboard.Dashboard.Components.Controls;

/// <summary>
/// Every setting of <see cref="RunConfig"/> as a form. The form edits a copy of a base config (a preset, an imported or a
/// duplicated run's config) with <c>with</c>-expressions, so settings this form does not show survive untouched. Each
/// change re-validates with <see cref="RunConfig.Problems"/>; its messages appear beside the field they name.
/// </summary>
public partial class RunForm
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The config the form starts from.</summary>
    [Parameter, EditorRequired] public RunConfig Initial { get; set; } = default!;
    /// <summary>Extra checks the page knows about (the dataset folder exists); null = fine.</summary>
    [Parameter] public Func<string, string?>? CheckDataset { get; set; }
    [Parameter] public EventCallback<RunConfig> OnSubmit { get; set; }
    [Parameter] public bool Busy { get; set; }
    /// <summary>The name of a dataset as runs show it ("synthetic demo" for "demo"), for the default run name.</summary>
    [Parameter] public Func<string, string?>? DatasetName { get; set; }
    /// <summary>A problem the page met on submit (e.g. the queue refused), shown above the button.</summary>
    [Parameter] public string? SubmitError { get; set; }

    private RunConfig _base = default!;
    private RunConfig? _initialSeen;
    private string _preset = "";
    private string _hiddenText = "", _convText = "";
    private Dictionary<string, string> _problems = [];
    private string? _importText;
    private string? _importMessage;
    private bool _importOk;

    // The editable copy: plain fields bound to the inputs.
    private string _name = "", _dataset = "demo";
    private int _seed;
    private double _clipSeconds, _clipHop;
    private int _minViews = 1;
    private bool _padLast;
    private int _nMfcc, _nMels, _nFft, _hop, _sampleRate;
    private MfccPooling _pooling;
    private string _input = InputKind.Mfcc;
    private string _model = ModelKind.MlpVae;
    private CvaeCondition _condition;
    private int _lyricsDim, _lyricsMinDf;
    private int _latent, _epochs, _batch, _warmup, _checkpointEvery, _projectionEvery;
    private double _lr, _weightDecay, _beta, _clip, _validation, _trackConsistency;
    private ReconstructionLoss _reconstruction;
    private string _method = "";
    private int _k;
    /// <summary>Clustering parameters set by the config or typed here, by key (unset ones show their default).</summary>
    private ImmutableSortedDictionary<string, double> _clusterParameters = ImmutableSortedDictionary<string, double>.Empty;
    private FeatureScaling _scaling, _latentScaling;
    private LatentAggregation _aggregation;
    private string _projection = "";
    private string _device = Core.Runtime.DeviceKinds.Any;

    public IReadOnlyDictionary<string, string> Problems => _problems;

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(_initialSeen, Initial)) return;
        _initialSeen = Initial;
        Load(Initial);
    }

    private void Load(RunConfig c)
    {
        _base = c;
        _preset = c.Preset;
        _name = c.Name; _dataset = c.Dataset; _seed = c.Seed;
        _clipSeconds = c.Clips.Seconds; _clipHop = c.Clips.HopSeconds; _padLast = c.Clips.PadLast; _minViews = c.Clips.MinViews;
        _nMfcc = c.Mfcc.NMfcc; _nMels = c.Mfcc.NMels; _nFft = c.Mfcc.NFft; _hop = c.Mfcc.Hop; _sampleRate = c.Mfcc.SampleRate; _pooling = c.Mfcc.Pooling;
        _input = c.Input; _model = c.Model; _condition = c.Condition;
        _lyricsDim = c.Lyrics.Dim; _lyricsMinDf = c.Lyrics.MinDf;
        var v = c.Vae;
        _latent = v.LatentDim; _epochs = v.Epochs; _batch = v.BatchSize; _warmup = v.KlWarmupEpochs; _checkpointEvery = v.CheckpointEvery;
        _projectionEvery = v.ProjectionEvery; _lr = v.LearningRate; _weightDecay = v.WeightDecay; _beta = v.Beta; _clip = v.GradientClip;
        _validation = v.ValidationFraction; _reconstruction = v.Reconstruction; _trackConsistency = v.TrackConsistency;
        _hiddenText = string.Join(", ", v.Hidden ?? []); _convText = string.Join(", ", v.ConvChannels ?? []);
        _method = c.Clustering.Method; _k = c.Clustering.K; _clusterParameters = c.Clustering.Parameters; _scaling = c.Clustering.Scaling;
        _latentScaling = c.LatentScaling; _aggregation = c.Aggregation;
        _projection = c.Projection;
        _device = Core.Runtime.DeviceKinds.Normalise(c.Device) ?? Core.Runtime.DeviceKinds.Any;
        Validate();
    }

    /// <summary>The config the form shows now (null parts of unparseable lists are reported as problems).</summary>
    public RunConfig Current() => _base with
    {
        Name = _name.Trim(),
        Preset = _preset,
        Dataset = _dataset.Trim(),
        Seed = _seed,
        Clips = _base.Clips with { Seconds = _clipSeconds, HopSeconds = _clipHop, PadLast = _padLast, MinViews = _minViews },
        Mfcc = _base.Mfcc with { NMfcc = _nMfcc, NMels = _nMels, NFft = _nFft, Hop = _hop, SampleRate = _sampleRate, Pooling = _pooling },
        Input = _input,
        Model = _model,
        Condition = _condition,
        Lyrics = _base.Lyrics with { Dim = _lyricsDim, MinDf = _lyricsMinDf },
        Vae = _base.Vae with
        {
            LatentDim = _latent, Hidden = ParseInts(_hiddenText) ?? [], ConvChannels = ParseInts(_convText) ?? [], Epochs = _epochs, BatchSize = _batch,
            LearningRate = _lr, WeightDecay = _weightDecay, Beta = _beta, KlWarmupEpochs = _warmup, GradientClip = _clip,
            Reconstruction = _reconstruction, ValidationFraction = _validation, CheckpointEvery = _checkpointEvery, ProjectionEvery = _projectionEvery,
            TrackConsistency = _trackConsistency,
        },
        Clustering = CurrentClustering,
        LatentScaling = _latentScaling,
        Aggregation = _aggregation,
        Projection = _projection,
        Device = _device,
    };

    /// <summary>The clustering settings the form shows now; its method's parameters are the fields of the section.</summary>
    private ClusteringSettings CurrentClustering => _base.Clustering with { Method = _method, K = _k, Scaling = _scaling, Parameters = _clusterParameters };

    private IReadOnlyList<ClusteringParameter> MethodParameters => CurrentClustering.Info?.Parameters ?? [];

    private void SetParameter(ClusteringParameter p, double value)
    {
        _clusterParameters = _clusterParameters.SetItem(p.Key, value);
        Changed();
    }

    private void SetChoice(ClusteringParameter p, string? name) => SetParameter(p, name is not null && p.TryParse(name, out var v) ? v : double.NaN);

    /// <summary>The chosen projection's help; training-time snapshots are PCA whatever the choice.</summary>
    private string ProjectionHelp => (ProjectionMethods.TryGet(_projection, out var m) ? m.Help + ". " : "") + "During training: PCA";

    private static string FieldOf(ClusteringParameter p) => "clustering." + p.Key;

    private void Validate()
    {
        var problems = new Dictionary<string, string>();
        void Add(string field, string message) => problems[field] = problems.TryGetValue(field, out var m) ? m + "; " + message : message;
        if (ParseInts(_hiddenText) is null) Add("vae.hidden", "give layer sizes as whole numbers separated by commas, e.g. 256, 128");
        if (ParseInts(_convText) is null) Add("vae.convChannels", "give channel counts as whole numbers separated by commas, e.g. 32, 64, 128, 256");
        var config = Current();
        foreach (var (field, message) in config.Problems())
        {
            if (field is "vae.hidden" or "vae.convChannels" && problems.ContainsKey(field)) continue;
            Add(field, message);
        }
        if (!problems.ContainsKey("dataset") && CheckDataset?.Invoke(config.Dataset) is { } datasetProblem) Add("dataset", datasetProblem);
        _problems = problems;
    }

    /// <summary>Called by every input: re-validate so messages follow the user's typing.</summary>
    private void Changed() => Validate();

    public void ApplyPreset(string preset)
    {
        // A preset replaces every setting but keeps where the data comes from and the seed the user chose.
        Load(Presets.ByName(preset, _dataset.Trim().Length > 0 ? _dataset.Trim() : "demo", _seed));
        StateHasChanged(); // also callable from outside an event handler (tests, a page's preset buttons)
    }

    private void Import()
    {
        var (config, problems) = RunRequest.Parse(_importText ?? "", _dataset.Trim().Length > 0 ? _dataset.Trim() : "demo");
        if (config is null)
        {
            _importOk = false;
            _importMessage = "Not imported: " + RunRequest.Describe(problems);
            return;
        }
        Load(config);
        _importOk = true;
        _importMessage = problems.Count == 0 ? "Imported." : $"Imported, with {problems.Count} problem(s) to fix (marked below).";
    }

    private async Task SubmitAsync()
    {
        Validate();
        if (_problems.Count > 0 || Busy) return;
        await OnSubmit.InvokeAsync(Current());
    }

    private bool Has(string field) => _problems.ContainsKey(field);

    /// <summary>A field's message as MudBlazor's own validation of it: MudBlazor validates a field again when it loses the
    /// focus and then replaces an Error set from outside, so without this the red message under a field vanished on blur.</summary>
    private Func<T, string?> Rule<T>(string field) => _ => Msg(field);
    private string? Msg(string field) => _problems.GetValueOrDefault(field);

    /// <summary>Problems of fields that have no input of their own, so none is ever hidden.</summary>
    private IEnumerable<KeyValuePair<string, string>> Unplaced => _problems.Where(p => !Placed.Contains(p.Key) && !p.Key.StartsWith("clustering.", StringComparison.Ordinal));

    private static readonly HashSet<string> Placed =
    [
        "dataset", "clips.seconds", "clips.hopSeconds", "clips.minViews", "mfcc.nMfcc", "mfcc.pooling", "model", "input", "condition", "lyrics.dim", "lyrics.minDf",
        "vae.latentDim", "vae.hidden", "vae.epochs", "vae.batchSize", "vae.learningRate", "vae.weightDecay", "vae.beta", "vae.klWarmupEpochs",
        "vae.gradientClip", "vae.convChannels", "vae.validationFraction", "vae.checkpointEvery", "vae.projectionEvery", "vae.trackConsistency", "projection", "device",
    ];

    /// <summary>The form's label of each field a problem can name (the config's JSON path); the summary and the messages
    /// without a field of their own say these, never the path.</summary>
    public static readonly IReadOnlyDictionary<string, string> FieldLabels = new Dictionary<string, string>
    {
        ["name"] = "Name", ["preset"] = "Preset", ["dataset"] = "Dataset", ["seed"] = "Seed",
        ["clips.seconds"] = "Clip seconds", ["clips.hopSeconds"] = "Clip hop seconds", ["clips.minViews"] = "Views per track",
        ["mfcc.nMfcc"] = "MFCC coefficients", ["mfcc.pooling"] = "MFCC pooling", ["input"] = "Input", ["model"] = "Model", ["condition"] = "CVAE condition",
        ["lyrics.dim"] = "Lyrics vector dim", ["lyrics.minDf"] = "Lyrics min doc. freq.",
        ["vae.latentDim"] = "Latent dim", ["vae.hidden"] = "Hidden sizes", ["vae.epochs"] = "Epochs", ["vae.batchSize"] = "Batch size",
        ["vae.learningRate"] = "Learning rate", ["vae.weightDecay"] = "Weight decay", ["vae.beta"] = "Beta (KL weight)",
        ["vae.klWarmupEpochs"] = "KL warm-up epochs", ["vae.gradientClip"] = "Gradient clip", ["vae.convChannels"] = "Conv-VAE channels",
        ["vae.validationFraction"] = "Validation fraction", ["vae.checkpointEvery"] = "Checkpoint every", ["vae.projectionEvery"] = "Projection every",
        ["vae.trackConsistency"] = "Track consistency", ["vae.reconstruction"] = "Reconstruction loss",
        ["clustering.method"] = "Clustering", ["clustering.k"] = "K (clusters)", ["clustering.scaling"] = "Scaling of raw features",
        ["latentScaling"] = "Scaling of latent means", ["aggregation"] = "Rows clustered", ["projection"] = "Final projection",
        ["device"] = "Device",
    };

    /// <summary>The label of the field a problem names: the form's own, a clustering parameter's, else the last part of
    /// the path in words ("minDf" -> "min df"), so no internal key reaches the user.</summary>
    public static string FieldLabel(string field)
    {
        if (FieldLabels.TryGetValue(field, out var label)) return label;
        if (field.StartsWith("clustering.", StringComparison.Ordinal) &&
            ClusteringMethods.AllParameters.FirstOrDefault(p => p.Key == field["clustering.".Length..]) is { } parameter) return parameter.Label;
        if (field.Length == 0) return "Settings";
        var last = field[(field.LastIndexOf('.') + 1)..];
        var words = System.Text.RegularExpressions.Regex.Replace(last, "(?<=[a-z0-9])([A-Z])", " $1").ToLowerInvariant();
        return char.ToUpperInvariant(words[0]) + words[1..];
    }

    /// <summary>"2 settings to fix: Epochs (epochs must be between 1 and 10000); Batch size (...)".</summary>
    private string ProblemSummary => $"{_problems.Count} setting{(_problems.Count == 1 ? "" : "s")} to fix: " +
        string.Join("; ", _problems.Select(p => $"{FieldLabel(p.Key)} ({p.Value})"));

    /// <summary>What an empty name becomes (the queue names the run so, as it does for the API).</summary>
    private string DefaultName
    {
        get
        {
            var dataset = _dataset.Trim();
            return Current().DefaultName(DatasetName?.Invoke(dataset) is { Length: > 0 } name ? name : dataset);
        }
    }

    private string NameHelp => _name.Trim().Length == 0 ? $"Left empty: \u201c{DefaultName}\u201d" : "Empty: named after the model, dataset and seed";

    internal static int[]? ParseInts(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var parts = text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries);
        var values = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.Integer, Invariant, out values[i])) return null;
        return values;
    }

    /// <summary>Whether the chosen model reads the setting with this key (its registry entry's parameters).</summary>
    private bool ModelReads(string key) => ModelTypes.TryGet(_model, out var m) && m.Parameters.Any(p => p.Key == key);

    private static string Label(Enum value) => value switch
    {
        CvaeCondition.Modality => "modality indicator (has lyrics / instrumental)",
        CvaeCondition.LyricsVector => "lyrics vector",
        CvaeCondition.Both => "indicator + lyrics vector",
        MfccPooling.Mean => "mean over time",
        MfccPooling.MeanStd => "mean + std over time",
        _ => value.ToString(),
    };

    /// <summary>"MLP-VAE (Audio, track-consistent) · ours, beyond the study · latent 16 · 50 epochs".</summary>
    private static string TrackConsistentLabel(string preset)
    {
        var c = Presets.ByName(preset, "demo", 0);
        return $"{c.Name} · ours, beyond the study · latent {c.Vae.LatentDim} · {c.Vae.Epochs} epochs" + (c.Clustering.Method == ClusteringMethods.Default.Id ? "" : $" · {c.Clustering.Name}");
    }

    private static string PresetLabel(string preset) => preset switch
    {
        Presets.MlpVaeAudio => "MLP-VAE (Audio) · Easy · MFCC · latent 16 · 50 epochs",
        Presets.MlpVaeLyrics => "MLP-VAE (Audio+Lyrics) · Medium · latent 32 · 80 epochs",
        Presets.ConvVaeMelspec => "Conv-VAE (MelSpec) · Medium · latent 32 · 80 epochs",
        Presets.CvaeFusion => "CVAE (Fusion) · Hard · latent 64 · 100 epochs · GMM",
        _ when preset.EndsWith(Presets.TrackConsistentSuffix) => TrackConsistentLabel(preset),
        _ => preset,
    };
}

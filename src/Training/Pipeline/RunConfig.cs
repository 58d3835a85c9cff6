using System.Text.Json;
using System.Text.Json.Serialization;
using MusicDashboard.Core.Audio;
using MusicDashboard.Core.Clustering;
using MusicDashboard.Core.Clustering.Methods;
using MusicDashboard.Core.Features;
using MusicDashboard.Core.Lyrics;
using MusicDashboard.Core.Projections;
using MusicDashboard.Training.Inputs;
using MusicDashboard.Training.Models;
using MusicDashboard.Core.Projections.Methods;

namespace MusicDashboard.Training.Pipeline;

/// <summary>Everything that decides a run's result. Stored with the run as JSON, so any run can be repeated exactly.</summary>
public sealed record RunConfig
{
    public string Name { get; init; } = "";
    /// <summary>The Table 1 preset this config started from (see <see cref="Presets"/>); informational once overridden.</summary>
    public string Preset { get; init; } = Presets.MlpVaeAudio;
    /// <summary>"demo" for the synthetic demo corpus, else a folder.</summary>
    public string Dataset { get; init; } = "demo";
    public ClipPolicy Clips { get; init; } = new();
    public MfccSettings Mfcc { get; init; } = new();
    /// <summary>What the model reads: an id of <see cref="InputFeatures"/> ("mfcc", "logMel", ...).</summary>
    public string Input { get => _input; init => _input = InputFeatures.TryGet(value, out var i) ? i.Id : value; }
    private readonly string _input = InputKind.Mfcc;
    /// <summary>The model: an id of <see cref="ModelTypes"/> ("mlpVae", "convVae", "cvae").</summary>
    public string Model { get => _model; init => _model = ModelTypes.TryGet(value, out var m) ? m.Id : value; }
    private readonly string _model = ModelKind.MlpVae;
    /// <summary>Only for models that read it (the CVAE: see <see cref="IModelType.Parameters"/>).</summary>
    public CvaeCondition Condition { get; init; } = CvaeCondition.Modality;
    public TextVectorSettings Lyrics { get; init; } = new();
    public VaeSettings Vae { get; init; } = new();
    public ClusteringSettings Clustering { get; init; } = new();
    /// <summary>More clusterings of the same latent means (the study's other method: GMM for a K-Means preset and vice
    /// versa): each adds a latent row and its assignments to the run, without training again. Null for none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ClusteringSettings>? AlsoCluster { get; init; }
    /// <summary>Scaling of the latent means before clustering (raw features use <see cref="ClusteringSettings.Scaling"/>).
    /// Default none: the KL term already puts the latent space on the N(0, I) scale, and the spread of each coordinate's
    /// means tells how much it carries; standardising inflates the weak ones (demo corpus, 3 seeds: NMI 0.54 standardised
    /// vs 0.60 as they are; docs/models.md).</summary>
    public FeatureScaling LatentScaling { get; init; } = FeatureScaling.None;
    /// <summary>Projection of the final latent view (training-time snapshots are always PCA: cheap and stable).</summary>
    public string Projection { get; init; } = PcaProjection.MethodId;
    /// <summary>Cluster clips as they are, or give every clip its track's mean representation (all rows, raw and latent).</summary>
    public LatentAggregation Aggregation { get; init; } = LatentAggregation.Clip;
    public int Seed { get; init; }
    /// <summary>What the run asks to run on: "any" (default), "cpu" or "cuda". With scale-out it picks the workers that may
    /// take the run (docs/scale-out.md); in one process it must be what libtorch has here.</summary>
    public string Device { get; init; } = Core.Runtime.DeviceKinds.Any;

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
    public static RunConfig FromJson(string json) =>
        JsonSerializer.Deserialize<RunConfig>(json, JsonOptions) ?? throw new ArgumentException("empty run config");

    public IEnumerable<string> Validate() => Problems().Select(p => $"{p.Field}: {p.Message}");

    /// <summary>Every problem with the field it concerns (camelCase JSON path), for form messages and API problem details.</summary>
    public IEnumerable<(string Field, string Message)> Problems()
    {
        if (string.IsNullOrWhiteSpace(Dataset)) yield return ("dataset", "give a folder or 'demo'");
        foreach (var (field, message) in Clips.Problems()) yield return ($"clips.{field}", message);
        if (Mfcc.NMfcc < 1 || Mfcc.NMfcc > Mfcc.NMels) yield return ("mfcc.nMfcc", "MFCC count must be between 1 and the number of mel bands");
        var model = ModelTypes.TryGet(Model, out var m) ? m : null;
        var input = InputFeatures.TryGet(Input, out var i) ? i : null;
        if (model is null) yield return ("model", $"unknown model '{Model}' (available: {ModelTypes.Available})");
        if (input is null) yield return ("input", $"unknown input '{Input}' (available: {InputFeatures.Available})");
        if (model is not null && input is not null)
        {
            if (model.ReadsImages && !input.IsImage)
                yield return ("input", $"the {model.Name} reads the log-mel image: choose input {Names(InputFeatures.All.Where(x => x.IsImage).Select(x => $"'{x.Id}'"), "or")}");
            if (!model.ReadsImages && input.IsImage)
                yield return ("input", $"a log-mel image needs the {Names(ModelTypes.All.Where(x => x.ReadsImages).Select(x => x.Name), "or")}; " +
                    $"the {Names(ModelTypes.All.Where(x => !x.ReadsImages).Select(x => x.Name), "and")} read vectors (MFCC, lyrics)");
            foreach (var p in input.Problems(this)) yield return p;
            foreach (var p in model.Problems(this, input)) yield return p;
        }
        foreach (var p in Lyrics.Validate()) yield return p;
        foreach (var p in Vae.Problems()) yield return p;
        foreach (var (field, message) in Clustering.Problems()) yield return ($"clustering.{field}", message);
        for (var k = 0; k < (AlsoCluster?.Count ?? 0); k++)
            foreach (var (field, message) in AlsoCluster![k].Problems()) yield return ($"alsoCluster[{k}].{field}", message);
        if (!ProjectionMethods.TryGet(Projection, out _)) yield return ("projection", $"unknown projection '{Projection}' (available: {ProjectionMethods.Available})");
        if (Core.Runtime.DeviceKinds.Problem(Device) is { } device) yield return ("device", device);
    }

    private static string Names(IEnumerable<string> names, string conjunction)
    {
        var list = names.ToList();
        return list.Count < 2 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} {conjunction} {list[^1]}";
    }

    /// <summary>The name a run gets when none is given: "MLP-VAE (Audio) on demo corpus, seed 0" (the model's row label,
    /// the dataset's name, the seed); the preset's name when the model is unknown. The form, the API and the hub name
    /// unnamed runs this way.</summary>
    public string DefaultName(string datasetName)
    {
        var model = ModelTypes.TryGet(Model, out _) && InputFeatures.TryGet(Input, out _) ? RunPipeline.ModelLabel(this) : Preset;
        var dataset = string.IsNullOrWhiteSpace(datasetName) ? Dataset : datasetName;
        return $"{model} on {dataset}, seed {Seed}";
    }

    /// <summary>This config, named by <see cref="DefaultName"/> when its name is empty.</summary>
    public RunConfig Named(string datasetName) => string.IsNullOrWhiteSpace(Name) ? this with { Name = DefaultName(datasetName) } : this with { Name = Name.Trim() };

    /// <summary>The registered model this config names (throws for an unknown id; <see cref="Problems"/> names it first).</summary>
    public IModelType ModelType => ModelTypes.Get(Model);
    /// <summary>The registered input this config names (throws for an unknown id; <see cref="Problems"/> names it first).</summary>
    public IInputFeature InputFeature => InputFeatures.Get(Input);

    /// <summary>One line for reports: what was clipped, extracted, trained and clustered.</summary>
    public string Summary() =>
        $"preset {Preset}: {Model} on {Input}{(ModelTypes.TryGet(Model, out var m) && m.Parameters.Any(p => p.Key == "condition") ? $" conditioned on {Condition}" : "")}, latent {Vae.LatentDim}, {Vae.Epochs} epochs, batch {Vae.BatchSize}; " +
        $"{Clips.Seconds:0.#}-s clips (hop {Clips.HopSeconds:0.#} s), {Mfcc.NMfcc} MFCC {Mfcc.Pooling} over time (sr {Mfcc.SampleRate}, n_fft {Mfcc.NFft}, hop {Mfcc.Hop}, {Mfcc.NMels} Slaney mels)" +
        (UsesLyrics ? $", lyrics TF-IDF + LSA {Lyrics.Dim}" : "") +
        $"; {Clustering.Summary()}, scaling {Clustering.Scaling} (latent {LatentScaling})" +
        (AlsoCluster is { Count: > 0 } also ? $"; latent means also clustered by {string.Join(" and ", also.Select(c => c.Label))}" : "") +
        (Aggregation == LatentAggregation.TrackMean ? ", per-track means" : "") + $"; seed {Seed}";

    /// <summary>Why this configuration cannot read a feature table (no audio, no lyrics), or null when it can.</summary>
    public string? FeatureTableProblem() => Input != InputKind.Mfcc || UsesLyrics
        ? $"a feature table has no audio and no lyrics: only a model of vectors without lyrics can read it (MLP-VAE on input 'mfcc', e.g. the presets {Presets.MlpVaeAudio} and {Presets.MlpVaeAudio}{Presets.TrackConsistentSuffix})"
        : null;

    /// <summary>Whether this run needs lyric vectors (input or condition).</summary>
    public bool UsesLyrics => (InputFeatures.TryGet(Input, out var i) && i.UsesLyrics) || (ModelTypes.TryGet(Model, out var m) && m.UsesLyrics);
}

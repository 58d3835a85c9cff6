using System.Text.Json;
using System.Text.Json.Serialization;
using MusicDashboard.Core.Audio;
using MusicDashboard.Core.Features;
using MusicDashboard.Training.Models;

namespace MusicDashboard.Training.Pipeline;

/// <summary>Everything that decides a run's result. Stored with the run as JSON, so any run can be repeated exactly.</summary>
public sealed record RunConfig
{
    public string Name { get; init; } = "";
    /// <summary>A Table 1 preset name (see <see cref="Presets"/>).</summary>
    public string Preset { get; init; } = Presets.MlpVaeAudio;
    /// <summary>"demo" for the synthetic demo corpus, else a folder.</summary>
    public string Dataset { get; init; } = "demo";
    public ClipPolicy Clips { get; init; } = new();
    public MfccSettings Mfcc { get; init; } = new();
    public VaeSettings Vae { get; init; } = new();
    /// <summary>Number of clusters (10 genres in GTZAN and in the demo corpus).</summary>
    public int K { get; init; } = 10;
    /// <summary>K-Means restarts; the lowest inertia wins.</summary>
    public int KMeansInit { get; init; } = 10;
    public int Seed { get; init; }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
    public static RunConfig FromJson(string json) =>
        JsonSerializer.Deserialize<RunConfig>(json, JsonOptions) ?? throw new ArgumentException("empty run config");

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Dataset)) yield return "dataset: give a folder or 'demo'";
        if (K is < 2 or > 500) yield return "K must be between 2 and 500";
        if (KMeansInit is < 1 or > 1000) yield return "K-Means restarts must be between 1 and 1000";
        if (!(Clips.Seconds > 0) || !(Clips.HopSeconds > 0)) yield return "clip length and hop must be positive";
        if (Mfcc.NMfcc is < 1 or > 128 || Mfcc.NMfcc > Mfcc.NMels) yield return "MFCC count must be between 1 and the number of mel bands";
        foreach (var p in Vae.Validate()) yield return p;
    }
}

/// <summary>The study's Table 1 configurations by name. This issue runs the "Easy" one end to end.</summary>
public static class Presets
{
    public const string MlpVaeAudio = "mlp-vae-audio";

    /// <summary>Table 1, "Easy": MFCC (40-d) -> latent 16, 50 epochs, batch 64. Hidden sizes, optimiser and learning rate
    /// are not given by the study; ours are 256-128, Adam 1e-3, beta 1.</summary>
    public static RunConfig MlpVaeAudioConfig(string dataset, int seed) => new()
    {
        Name = "MLP-VAE (Audio)",
        Preset = MlpVaeAudio,
        Dataset = dataset,
        Mfcc = new MfccSettings(NMfcc: 40, Pooling: MfccPooling.Mean),
        Vae = new VaeSettings { LatentDim = 16, Hidden = [256, 128], Epochs = 50, BatchSize = 64, LearningRate = 1e-3, Beta = 1.0 },
        Seed = seed,
    };

    public static RunConfig ByName(string name, string dataset, int seed) => name switch
    {
        MlpVaeAudio => MlpVaeAudioConfig(dataset, seed),
        _ => throw new ArgumentException($"unknown preset '{name}' (known: {MlpVaeAudio})"),
    };
}

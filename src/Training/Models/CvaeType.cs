using MusicDashboard.Training.Inputs;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Training.Models;

/// <summary>The study's Conditional VAE: a vector input, encoder and decoder both given a condition made of the lyrics
/// (never the genre): "CVAE (Fusion)", or "CVAE (Lyrics)" on the lyric vector alone.</summary>
public sealed class CvaeType : IModelType
{
    public const string ModelId = "cvae";
    public string Id => ModelId;
    public string Name => "CVAE";
    public string Title => "Conditional VAE (CVAE)";
    public bool ReadsImages => false;
    public bool UsesLyrics => true;
    public IReadOnlyList<ModelParameter> Parameters { get; } =
    [
        VaeParameters.Hidden,
        new("condition", "Condition", "what the encoder and decoder are given besides the input: the has-lyrics/instrumental one-hot, the lyric vector, or both",
            "modality", "modality | lyricsVector | both"),
    ];

    public string RowLabel(RunConfig config, IInputFeature input) => input.Id == LyricsInput.InputId ? "CVAE (Lyrics)" : "CVAE (Fusion)";

    public IEnumerable<(string Field, string Message)> Problems(RunConfig config, IInputFeature input)
    {
        if (input.Id == LyricsInput.InputId && config.Condition != CvaeCondition.Modality)
            yield return ("condition", "conditioning a lyrics-only input on the lyric vector gives the model its input twice");
    }

    public TrainingSet Prepare(RunConfig config, TrainingSet data, InputViews views)
    {
        var condition = Condition(config, views.Lyrics!, views.HasLyrics!);
        return data with { Conditions = TrainingSet.Flatten(condition, "condition"), ConditionDim = condition[0].Length };
    }

    public VaeModel Build(RunConfig config, TrainingSet data) =>
        new Cvae((int)data.SampleShape[0], data.ConditionDim, config.Vae.Hidden, config.Vae.LatentDim);

    /// <summary>The condition per clip: [has lyrics, instrumental] one-hot, the lyric vector, or both. Never the genre.</summary>
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
}

using MusicDashboard.Training.Models;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Training.Inputs;

/// <summary>The 1 x n_mels x frames log-mel image of each clip (1 x 128 x 431 for the study's 10-s clips), for models of
/// images; its baselines are the audio rows (pixel PCA of whole images would be no honest baseline).</summary>
public sealed class LogMelInput : IInputFeature
{
    public const string InputId = "logMel";
    public string Id => InputId;
    public string Title => "log-mel image (1 x 128 x 431)";
    public string Tag => "MelSpec";
    public bool IsImage => true;
    public bool UsesLyrics => false;
    public bool ReadsAudio => true;
    public IEnumerable<BaselineRow> Baselines(InputViews v) => [.. InputRows.Audio(v), .. InputRows.WithLyrics(v, v.Mfcc)];

    public (TrainingSet Data, string Description) ModelInput(InputViews v, RunConfig config)
    {
        var images = v.Images!;
        var how = Normalise(images.Values, config.Vae.Reconstruction);
        return (new TrainingSet(images.Values, images.Count, [1, images.Height, images.Width]), $"1 x {images.Height} x {images.Width} log-mel images, {how}");
    }

    /// <summary>Scales the images in place for the chosen likelihood: one global mean and deviation for MSE (a per-pixel
    /// scale would flatten exactly the spectral shape that tells genres apart), or one global min-max to [0, 1] for the
    /// Bernoulli loss.</summary>
    public static string Normalise(float[] values, ReconstructionLoss kind)
    {
        if (kind == ReconstructionLoss.Bernoulli)
        {
            float min = float.MaxValue, max = float.MinValue;
            foreach (var v in values) { if (v < min) min = v; if (v > max) max = v; }
            var range = max > min ? max - min : 1f;
            for (var i = 0; i < values.Length; i++) values[i] = (values[i] - min) / range;
            return $"min-max to [0, 1] (min {min:0.0} dB, max {max:0.0} dB)";
        }
        double sum = 0, sq = 0;
        foreach (var v in values) sum += v;
        var mean = sum / values.Length;
        foreach (var v in values) sq += (v - mean) * (v - mean);
        var std = Math.Sqrt(sq / values.Length);
        if (!(std > 0)) std = 1;
        for (var i = 0; i < values.Length; i++) values[i] = (float)((values[i] - mean) / std);
        return $"standardised globally (mean {mean:0.0} dB, sd {std:0.0} dB)";
    }
}

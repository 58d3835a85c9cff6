using MusicDashboard.Training.Models;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Training.Inputs;

/// <summary>The pooled MFCC vector (mean, or mean + std: MfccSettings.Pooling).</summary>
public sealed class MfccInput : IInputFeature
{
    public const string InputId = "mfcc";
    public string Id => InputId;
    public string Title => "MFCC vector (pooled)";
    public string Tag => "Audio";
    public bool IsImage => false;
    public bool UsesLyrics => false;
    public bool ReadsAudio => true;
    public IEnumerable<BaselineRow> Baselines(InputViews v) => [.. InputRows.Audio(v), .. InputRows.WithLyrics(v, v.Mfcc)];
    public (TrainingSet Data, string Description) ModelInput(InputViews v, RunConfig config) =>
        (InputRows.Standardised(v.Mfcc), $"{v.Mfcc[0].Length}-d MFCC vectors, standardised");
}

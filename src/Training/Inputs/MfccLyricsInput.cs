using MusicDashboard.Training.Models;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Training.Inputs;

/// <summary>The pooled MFCC vector concatenated with the track's lyric vector (early fusion).</summary>
public sealed class MfccLyricsInput : IInputFeature
{
    public const string InputId = "mfccLyrics";
    public string Id => InputId;
    public string Title => "MFCC + lyrics (fusion)";
    public string Tag => "Audio+Lyrics";
    public bool IsImage => false;
    public bool UsesLyrics => true;
    public bool ReadsAudio => true;
    public IEnumerable<BaselineRow> Baselines(InputViews v) => [.. InputRows.Audio(v), .. InputRows.WithLyrics(v, v.Mfcc)];
    public (TrainingSet Data, string Description) ModelInput(InputViews v, RunConfig config) =>
        (InputRows.Standardised(InputRows.Concat(v.Mfcc, v.Lyrics!)), $"{v.Mfcc[0].Length}-d MFCC + {v.Lyrics![0].Length}-d lyric vectors, standardised");
}

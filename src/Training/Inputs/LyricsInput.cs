using MusicDashboard.Training.Models;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Training.Inputs;

/// <summary>The track's lyric vector alone (TF-IDF + LSA); its only baseline is the raw lyric vector.</summary>
public sealed class LyricsInput : IInputFeature
{
    public const string InputId = "lyrics";
    public string Id => InputId;
    public string Title => "lyrics vector";
    public string Tag => "Lyrics";
    public bool IsImage => false;
    public bool UsesLyrics => true;
    public bool ReadsAudio => false;
    public IEnumerable<BaselineRow> Baselines(InputViews v) =>
        [new("Raw Lyrics", "Lyrics (LSA)", v.Lyrics!, v.AnyLyrics ? null : "no track has lyrics: every vector is zero")];
    public (TrainingSet Data, string Description) ModelInput(InputViews v, RunConfig config) =>
        (InputRows.Standardised(v.Lyrics!), $"{v.Lyrics![0].Length}-d lyric vectors, standardised");
}

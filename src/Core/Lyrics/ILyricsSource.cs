using MusicDashboard.Core.Datasets;

namespace MusicDashboard.Core.Lyrics;

/// <summary>
/// Where a track's lyric text comes from. The seam for transcription: today the sidecar text files next to the audio
/// (<c>&lt;track&gt;.txt</c>, which the demo corpus writes for its vocal genres); a Whisper transcript store implements the
/// same interface. Null or blank text means the track is instrumental (or was not transcribed).
/// </summary>
public interface ILyricsSource
{
    /// <summary>Short name for logs and stored configurations ("sidecar", "whisper:ggml-base.en").</summary>
    string Name { get; }
    string? TextOf(TrackFile track);
}

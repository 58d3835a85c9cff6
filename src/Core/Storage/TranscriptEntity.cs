namespace MusicDashboard.Core.Storage;

/// <summary>
/// A transcript of a track's lyrics from one source: Whisper with a given model file ("whisper:ggml-base.en.bin") or the
/// lyric sidecar beside the audio ("sidecar"). One row per (track, source); <see cref="ContentHash"/> is the SHA-256 of
/// the file the text came from (the audio for Whisper, the sidecar for lyrics), so a changed file is transcribed again
/// and an unchanged one is never re-done.
/// </summary>
public sealed class TranscriptEntity
{
    public long Id { get; set; }
    public int TrackId { get; set; }
    public required string ContentHash { get; set; }
    /// <summary>"whisper:&lt;model file name&gt;" or "sidecar".</summary>
    public required string Source { get; set; }
    /// <summary>Language code ("en"); null for sidecars (not detected).</summary>
    public string? Language { get; set; }
    /// <summary>The text; empty when <see cref="NoVocalsDetected"/>.</summary>
    public required string Text { get; set; }
    /// <summary>Whisper's no-speech probability (lowest over the track's 30-s windows); null for sidecars.</summary>
    public double? NoSpeechProbability { get; set; }
    /// <summary>Whisper found no vocals (every window judged silence/instrumental): shown instead of a hallucinated text.</summary>
    public bool NoVocalsDetected { get; set; }
    /// <summary>Time spent producing it (transcription or import).</summary>
    public double Seconds { get; set; }
    public DateTime CreatedAt { get; set; }
}

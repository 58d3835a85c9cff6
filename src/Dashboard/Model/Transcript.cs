namespace MusicDashboard.Dashboard.Model;

/// <summary>A track's lyric transcript and where it came from ("sidecar lyrics", a Whisper model, ...). <see cref="Text"/>
/// is null when there is none; <see cref="Source"/> then says why ("no lyrics", "no vocals detected").</summary>
public sealed record Transcript(string? Text, string Source);

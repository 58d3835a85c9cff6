namespace MusicDashboard.Core.Storage;

/// <summary>One audio file of a scanned collection. Unreadable files stay listed with the reason, so nothing disappears silently.</summary>
public sealed class TrackEntity
{
    public int Id { get; set; }
    /// <summary>Human name of the collection ("synthetic demo", "GTZAN", a folder name).</summary>
    public required string Dataset { get; set; }
    /// <summary>Absolute root folder of the collection; the audio endpoint serves only files under a known root.</summary>
    public required string DatasetRoot { get; set; }
    /// <summary>Path relative to <see cref="DatasetRoot"/>, with forward slashes.</summary>
    public required string RelativePath { get; set; }
    public string? Genre { get; set; }
    public double DurationSeconds { get; set; }
    public int SampleRate { get; set; }
    public int Channels { get; set; }
    public long SizeBytes { get; set; }
    /// <summary>Lyric sidecar text (demo corpus, or a user's .txt beside the audio), when present.</summary>
    public string? SidecarLyrics { get; set; }
    /// <summary>Null when the file decoded; otherwise why it cannot be used.</summary>
    public string? Error { get; set; }
    public DateTime ScannedAt { get; set; }
}

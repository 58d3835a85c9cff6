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

public enum RunState { Queued, Running, Completed, Failed, Cancelled, Interrupted }

public sealed class RunEntity
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Preset { get; set; }
    public required string Dataset { get; set; }
    public required string DatasetRoot { get; set; }
    /// <summary>The whole <c>RunConfig</c> as JSON: the run can be repeated exactly from it.</summary>
    public required string ConfigJson { get; set; }
    public RunState State { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? Error { get; set; }
    /// <summary>Files that could not be used, as JSON <c>[{"path","reason"}]</c>.</summary>
    public string? SkippedFilesJson { get; set; }
    public int Clips { get; set; }
    public int TracksUsed { get; set; }
    /// <summary>Process executing the run (the dashboard or a CLI verb). A run still marked running whose process is gone
    /// was interrupted (server restart, kill), and is marked so at the next start.</summary>
    public int? OwnerProcessId { get; set; }
    public List<EpochEntity> Epochs { get; set; } = [];
    public List<MetricRowEntity> Metrics { get; set; } = [];
}

/// <summary>Per-epoch losses of a run's model, per sample.</summary>
public sealed class EpochEntity
{
    public int Id { get; set; }
    public int RunId { get; set; }
    public int Epoch { get; set; }
    public double Loss { get; set; }
    public double Reconstruction { get; set; }
    public double Kl { get; set; }
    public double? ValidationLoss { get; set; }
    public double Beta { get; set; }
    public double Seconds { get; set; }
}

/// <summary>One row of the study's Table 2 for a run: a representation clustered one way and scored.</summary>
public sealed class MetricRowEntity
{
    public int Id { get; set; }
    public int RunId { get; set; }
    public int Order { get; set; }
    public required string Method { get; set; }
    public required string Input { get; set; }
    public required string Clustering { get; set; }
    public int K { get; set; }
    public double Silhouette { get; set; }
    public double DaviesBouldin { get; set; }
    public double CalinskiHarabasz { get; set; }
    public double? Ari { get; set; }
    public double? Nmi { get; set; }
    public double? Purity { get; set; }
    public double Seconds { get; set; }
    /// <summary>"tracks" or "clips": what the row was scored on (null for runs stored before units were recorded: clips).</summary>
    public string? Unit { get; set; }
    public int? Units { get; set; }
    /// <summary>What the row lacks or why it exists (e.g. "no track has lyrics ..."), shown beside it.</summary>
    public string? Note { get; set; }
}

/// <summary>Where one clip of a track landed for one method of a run: its cluster and its 2-D projection.</summary>
public sealed class AssignmentEntity
{
    public long Id { get; set; }
    public int RunId { get; set; }
    public required string Method { get; set; }
    public int TrackId { get; set; }
    public int ClipIndex { get; set; }
    public double OffsetSeconds { get; set; }
    public int Cluster { get; set; }
    public double X { get; set; }
    public double Y { get; set; }
}

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

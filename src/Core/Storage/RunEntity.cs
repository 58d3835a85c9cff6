namespace MusicDashboard.Core.Storage;

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
    /// <summary>The study this run is part of, if any.</summary>
    public int? StudyId { get; set; }
    public List<EpochEntity> Epochs { get; set; } = [];
    public List<MetricRowEntity> Metrics { get; set; } = [];
}

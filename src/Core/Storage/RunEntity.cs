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
    /// <summary>Queued by the dashboard (not a CLI verb): a start of the dashboard that finds it cut short takes it up again
    /// when <c>MusicDashboard:AutoResume</c> is on. The CLI's runs write their outputs to their own folder and are only
    /// marked interrupted.</summary>
    public bool QueuedByDashboard { get; set; }
    /// <summary>Times a start of the dashboard found this run cut short while it was running (the process crashed or was
    /// killed). Past <see cref="RunJanitor.MaxRestarts"/> it is no longer resumed automatically: it may be what crashes.</summary>
    public int Restarts { get; set; }
    /// <summary>Scale-out: the device kind the run asked for ("cpu" or "cuda"; null: any worker).</summary>
    public string? Device { get; set; }
    /// <summary>Scale-out: the Hangfire job that carries the run to a worker (cancel deletes it).</summary>
    public string? JobId { get; set; }
    /// <summary>Scale-out: the worker executing the run, or that last executed it ("host/pid" and its device).</summary>
    public string? Worker { get; set; }
    /// <summary>The study this run is part of, if any.</summary>
    public int? StudyId { get; set; }
    public List<EpochEntity> Epochs { get; set; } = [];
    public List<MetricRowEntity> Metrics { get; set; } = [];
}

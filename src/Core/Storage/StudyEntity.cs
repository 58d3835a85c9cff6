namespace MusicDashboard.Core.Storage;

/// <summary>
/// One reproduction of the study: presets x seeds run as single runs (<see cref="RunEntity.StudyId"/>), by
/// <c>musicdash reproduce</c> or the dashboard's "Reproduce the study". When its runs have all ended its Table 2 (mean ±
/// std over the seeds, verdicts, stage timings, figure names) is stored as the JSON <c>table2.json</c> holds.
/// </summary>
public sealed class StudyEntity
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Dataset { get; set; }
    public required string DatasetRoot { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    /// <summary>Running until its runs have ended; then completed, or failed / cancelled with the reason in <see cref="Error"/>.</summary>
    public RunState State { get; set; }
    public string? Error { get; set; }
    /// <summary>The seeds, comma-separated ("0,1,2").</summary>
    public required string Seeds { get; set; }
    /// <summary>The presets, comma-separated, in Table 1 order.</summary>
    public required string Presets { get; set; }
    public int? Epochs { get; set; }
    public bool Quick { get; set; }
    /// <summary>Table 2 of the finished study, as <c>table2.json</c>.</summary>
    public string? Table2Json { get; set; }
    /// <summary>Where <c>reproduce</c> wrote table2.md/csv/json and the figures; null for a study started on the dashboard.</summary>
    public string? OutFolder { get; set; }
    public List<RunEntity> Runs { get; set; } = [];
}

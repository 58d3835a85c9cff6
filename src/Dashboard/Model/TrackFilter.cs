namespace MusicDashboard.Dashboard.Model;

/// <summary>What the Tracks page filters by. Empty collections mean "all".</summary>
public sealed record TrackFilter
{
    /// <summary>Stands for "no genre" among <see cref="Genres"/> (tracks of a folder that is not in the GTZAN layout).</summary>
    public const string NoGenreKey = "\u0000none";

    public required string DatasetRoot { get; init; }
    public int? RunId { get; init; }
    /// <summary>The run's method whose clusters are meant (a run clusters its baseline and its model separately).</summary>
    public string? Method { get; init; }
    public IReadOnlyCollection<int> Clusters { get; init; } = [];
    public IReadOnlyCollection<string> Genres { get; init; } = [];
    public string? FileText { get; init; }
    public string? TranscriptText { get; init; }
    public int? TrackId { get; init; }
}

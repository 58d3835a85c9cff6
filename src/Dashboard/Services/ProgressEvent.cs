namespace MusicDashboard.Dashboard.Services;

/// <summary>Progress of the current stage (features: files; train: epochs).</summary>
public sealed record ProgressEvent(string Stage, int Done, int Total) : RunEvent;

namespace MusicDashboard.Dashboard.Services;

public sealed record SkippedFile(string Path, string Reason);

namespace MusicDashboard.Core.Features;

/// <summary>A file that could not be used, and why. Listed in the run's report; the run goes on without it.</summary>
public sealed record SkippedFile(string Path, string Reason);

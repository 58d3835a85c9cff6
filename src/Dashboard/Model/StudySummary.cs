using MusicDashboard.Core.Storage;

namespace MusicDashboard.Dashboard.Model;

/// <summary>A stored study as the Studies list shows it: its facts and how many of its runs have ended.</summary>
public sealed record StudySummary(int Id, string Name, string Dataset, RunState State, DateTime CreatedAt, DateTime? FinishedAt,
    string Seeds, string Presets, bool FromCommandLine, int Runs, int RunsEnded);

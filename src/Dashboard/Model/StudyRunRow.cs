using MusicDashboard.Core.Storage;

namespace MusicDashboard.Dashboard.Model;

/// <summary>One run of a study: which preset at which seed, and how it went.</summary>
public sealed record StudyRunRow(int Id, string Name, string Preset, int Seed, RunState State, string? Error, DateTime? StartedAt, DateTime? FinishedAt);

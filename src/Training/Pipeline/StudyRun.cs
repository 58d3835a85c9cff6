namespace MusicDashboard.Training.Pipeline;

/// <summary>One preset at one seed of a study, as run in this process: its config and the pipeline's result (the figures
/// <c>reproduce</c> writes are drawn from it).</summary>
public sealed record StudyRun(string Preset, int Seed, RunConfig Config, RunResult Result);

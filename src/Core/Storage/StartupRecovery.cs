namespace MusicDashboard.Core.Storage;

/// <summary>What a start of the dashboard found of the runs a previous process left unfinished.</summary>
/// <param name="ToResume">Runs to take up again, oldest first: marked interrupted for the moment, then queued again by the
/// resumer (from their last checkpoint, or from the start when they have none).</param>
/// <param name="Interrupted">Runs marked interrupted to wait for the resume action (auto-resume off, a CLI run).</param>
/// <param name="GaveUp">Runs that have been cut short <see cref="RunJanitor.MaxRestarts"/> times while running: left
/// interrupted with the reason, in case they are what brings the server down.</param>
/// <param name="LeftToLiveOwner">Runs left alone because the process that owns them is still alive (another dashboard on
/// the same database).</param>
public sealed record StartupRecovery(IReadOnlyList<int> ToResume, IReadOnlyList<int> Interrupted, IReadOnlyList<int> GaveUp, int LeftToLiveOwner);

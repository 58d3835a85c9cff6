namespace MusicDashboard.Dashboard.Cli;

/// <summary>Reports on the reporting thread, in order (System.Progress posts to the thread pool).</summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly object _gate = new();
    public void Report(T value) { lock (_gate) report(value); }
}

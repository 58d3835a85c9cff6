using System.Threading.Channels;

namespace MusicDashboard.Dashboard.Services;

/// <summary>A watcher of one run: the snapshot it started from and the events after it, in order, none twice.</summary>
public sealed class RunSubscription(RunSnapshot snapshot, ChannelReader<RunEvent> events, Action unsubscribe) : IDisposable
{
    public RunSnapshot Snapshot { get; } = snapshot;
    public ChannelReader<RunEvent> Events { get; } = events;
    public void Dispose() => unsubscribe();
}

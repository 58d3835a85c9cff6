using System.Threading.Channels;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Components.Live;

/// <summary>
/// Reads a run's events after its snapshot and hands them on in batches, at most one batch every <c>gap</c>, so a page
/// renders a few times a second however fast training goes. Events at or below the snapshot's sequence number are already
/// in the snapshot, and are dropped, as are repeats.
/// </summary>
public sealed class RunEventPump(ChannelReader<RunEvent> events, long snapshotSeq)
{
    private long _lastSeq = snapshotSeq;

    /// <summary>The events waiting now, newer than any handed on before (empty when none).</summary>
    public IReadOnlyList<RunEvent> TakeBatch()
    {
        var batch = new List<RunEvent>();
        while (events.TryRead(out var e))
        {
            if (e.Seq <= _lastSeq) continue;
            _lastSeq = e.Seq;
            batch.Add(e);
        }
        return batch;
    }

    /// <summary>Hands batches to <paramref name="apply"/> until the run's events end or <paramref name="ct"/> is cancelled.</summary>
    public async Task RunAsync(Func<IReadOnlyList<RunEvent>, Task> apply, TimeSpan gap, CancellationToken ct)
    {
        while (await events.WaitToReadAsync(ct))
        {
            var batch = TakeBatch();
            if (batch.Count > 0) await apply(batch);
            await Task.Delay(gap, ct);
        }
    }
}

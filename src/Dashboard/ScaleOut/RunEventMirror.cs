using MusicDashboard.Dashboard.Services;
using StackExchange.Redis;

namespace MusicDashboard.Dashboard.ScaleOut;

/// <summary>
/// Scale-out's receiving side, in every dashboard instance: reads the run event stream (<see cref="RunEventRelay"/>) in
/// order and hands each event to this instance's <see cref="RunBroker"/>, which keeps the run's live snapshot and feeds
/// the pages and this instance's SignalR clients exactly as it does for a run executed in process.
/// </summary>
public sealed class RunEventMirror(IConnectionMultiplexer redis, RunBroker broker, ILogger<RunEventMirror> log) : IHostedService
{
    private ChannelMessageQueue? _messages;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _messages = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(RunEventRelay.EventChannel));
        // One message at a time, in the order Redis published them (which is each run's sequence order).
        _messages.OnMessage(async message => await ApplyAsync(message.Message.ToString()));
    }

    private async Task ApplyAsync(string message)
    {
        // "runId|seq|json"
        var first = message.IndexOf('|');
        var second = first < 0 ? -1 : message.IndexOf('|', first + 1);
        if (second < 0 || !int.TryParse(message.AsSpan(0, first), out var runId) || !long.TryParse(message.AsSpan(first + 1, second - first - 1), out var seq))
        {
            log.LogWarning("Ignored a message on {Channel} that is not a run event", RunEventRelay.EventChannel);
            return;
        }
        var e = RunEventCodec.Decode(message[(second + 1)..], seq, out var problem);
        if (e is null)
        {
            log.LogWarning("Run {Run}: ignored event {Seq}: {Problem}", runId, seq, problem);
            return;
        }
        try { await broker.ApplyStampedAsync(e with { RunId = runId }); }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogError(ex, "Run {Run}: event {Seq} could not be applied", runId, seq);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_messages is not null) await _messages.UnsubscribeAsync();
    }
}

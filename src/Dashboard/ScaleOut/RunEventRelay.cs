using System.Threading.Channels;
using MusicDashboard.Dashboard.Services;
using StackExchange.Redis;

namespace MusicDashboard.Dashboard.ScaleOut;

/// <summary>
/// Scale-out's publishing side, in every process (dashboards and workers): the broker hands it each run event, and it puts
/// them on Redis one at a time in that order. One Lua script takes the run's next sequence number (INCR) and publishes the
/// event with it on the event stream (<see cref="EventChannel"/>) in the same step, so the stream holds every run's events in sequence order, with no
/// number skipped even when a worker is killed between two events (what was numbered was published). Every dashboard
/// instance reads the stream (<see cref="RunEventMirror"/>). Training never waits for Redis: events queue here.
/// </summary>
public sealed class RunEventRelay(IConnectionMultiplexer redis, ILogger<RunEventRelay> log) : BackgroundService
{
    /// <summary>The Redis pub/sub channel of all run events.</summary>
    public const string EventChannel = "musicdash:run-events";

    public static string SeqKey(int runId) => $"musicdash:run:{runId}:seq";

    private const string Script = """
        local seq = redis.call('INCR', KEYS[1])
        redis.call('PUBLISH', ARGV[1], ARGV[2] .. '|' .. seq .. '|' .. ARGV[3])
        return seq
        """;

    private readonly Channel<RunEvent> _queue = Channel.CreateUnbounded<RunEvent>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues one event (never blocks).</summary>
    public void Send(RunEvent e) => _queue.Writer.TryWrite(e);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Drained to the end after a stop (StopAsync completes the queue): a worker's last words ("left queued for the
        // next worker") must reach the dashboards.
        await foreach (var e in _queue.Reader.ReadAllAsync(CancellationToken.None))
            await PublishAsync(e);
    }

    private async Task PublishAsync(RunEvent e)
    {
        var payload = RunEventCodec.Encode(e);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await redis.GetDatabase().ScriptEvaluateAsync(Script, [SeqKey(e.RunId)], [EventChannel, e.RunId, payload]);
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException && attempt < 5)
            {
                log.LogWarning("Run {Run}: the event could not be put on Redis (attempt {Attempt}): {Message}", e.RunId, attempt, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // The database keeps what the run produced; only the live view misses this event.
                log.LogError("Run {Run}: a {Event} was not delivered live: Redis did not answer ({Message})", e.RunId, e.GetType().Name, ex.Message);
                return;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (ExecuteTask is { } running) await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken));
        await base.StopAsync(cancellationToken);
    }
}

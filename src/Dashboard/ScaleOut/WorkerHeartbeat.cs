using System.Text.Json;
using StackExchange.Redis;

namespace MusicDashboard.Dashboard.ScaleOut;

/// <summary>A worker's card in Redis (who it is, what it runs on, how many jobs at once), renewed while it lives and
/// gone <see cref="Lifetime"/> after it stops: what the dashboards' Workers list shows.</summary>
public sealed class WorkerHeartbeat(IConnectionMultiplexer redis, WorkerIdentity me, ILogger<WorkerHeartbeat> log) : BackgroundService
{
    public const string KeyPrefix = "musicdash:worker:";
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var card = JsonSerializer.Serialize(new WorkerCard(me.Name, me.Device, me.Concurrency, me.Queues, DateTime.UtcNow));
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await redis.GetDatabase().StringSetAsync(KeyPrefix + me.Name, card, Lifetime); }
            catch (Exception e) when (e is RedisException or TimeoutException) { log.LogWarning("The worker's card could not be renewed: {Message}", e.Message); }
            try { await Task.Delay(Lifetime / 3, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
        try { await redis.GetDatabase().KeyDeleteAsync(KeyPrefix + me.Name); }
        catch (Exception e) when (e is RedisException or TimeoutException) { log.LogDebug("card not removed: {Message}", e.Message); }
    }
}

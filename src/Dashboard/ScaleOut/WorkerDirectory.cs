using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;
using StackExchange.Redis;

namespace MusicDashboard.Dashboard.ScaleOut;

/// <summary>The live workers (their cards in Redis) with the runs each is executing (the database).</summary>
public sealed class WorkerDirectory(IConnectionMultiplexer redis, IDbContextFactory<MusicDbContext> dbFactory)
{
    public async Task<IReadOnlyList<WorkerCard>> ListAsync(CancellationToken ct = default)
    {
        var cards = new List<WorkerCard>();
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (!server.IsConnected || server.IsReplica) continue;
            await foreach (var key in server.KeysAsync(pattern: WorkerHeartbeat.KeyPrefix + "*").WithCancellation(ct))
            {
                var json = await redis.GetDatabase().StringGetAsync(key);
                if (json.IsNullOrEmpty) continue;
                try { if (JsonSerializer.Deserialize<WorkerCard>(json.ToString()) is { } card) cards.Add(card); }
                catch (JsonException) { }
            }
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var running = await db.Runs.AsNoTracking().Where(r => r.State == RunState.Running && r.Worker != null)
            .Select(r => new { r.Id, r.Worker }).ToListAsync(ct);
        return cards.OrderBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c with { Runs = running.Where(r => r.Worker == c.Name).Select(r => r.Id).Order().ToList() }).ToList();
    }
}

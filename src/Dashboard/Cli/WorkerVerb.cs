using MusicDashboard.Dashboard.Hosting;
using MusicDashboard.Dashboard.Security;
using MusicDashboard.Dashboard.ScaleOut;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>
/// <c>musicdash worker</c>: takes runs and feature shards from the shared queue (scale-out, docs/scale-out.md) until
/// stopped (Ctrl+C or SIGTERM: a run in progress is left queued at its last checkpoint for the next worker).
/// </summary>
public static class WorkerVerb
{
    public static Verb Definition { get; } = new("worker",
        "execute runs and feature shards for the dashboards (scale-out: MusicDashboard:ScaleOut with PostgreSQL and Redis)",
    [
        new("concurrency", "N", "jobs at a time (default 1; CPU threads are shared between them)"),
        new("name", "text", "the worker's name in the dashboards (default host/pid)"),
    ], RunAsync);

    private static async Task<int> RunAsync(ParsedArgs a, CancellationToken ct)
    {
        var concurrency = a.GetInt("concurrency", 1, 1, 64);
        IHost host;
        try { host = WorkerHost.Build(a.Get("name"), concurrency, []); }
        catch (DashboardStartException e)
        {
            Console.Error.WriteLine($"musicdash worker: not starting: {e.Message}");
            return 1;
        }
        catch (MusicDashboard.Core.Storage.StorageException e)
        {
            Console.Error.WriteLine($"musicdash worker: {e.Message}");
            return 1;
        }
        await host.RunAsync(ct);
        return 0;
    }
}

using Hangfire;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Configuration;
using MusicDashboard.Core.Runtime;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Hosting;
using MusicDashboard.Dashboard.Security;
using MusicDashboard.Dashboard.Model;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.ScaleOut;

/// <summary>
/// <c>musicdash worker</c>'s process: a Hangfire server on the shared PostgreSQL database that executes runs
/// (<see cref="RunJob"/>) and feature shards (<see cref="FeatureShardJob"/>), <paramref name="concurrency"/> at a time, from
/// the queues of its device (a CUDA worker serves "cuda" and "default"), and publishes their events through Redis. No web
/// server: the dashboards enqueue and watch.
/// </summary>
public static class WorkerHost
{
    /// <summary>The worker, ready to run; a <see cref="DashboardStartException"/> when the configuration cannot work.</summary>
    public static IHost Build(string? name, int concurrency, string[] configurationArgs)
    {
        var folder = AppConfiguration.ConfigurationFolder();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = configurationArgs, ContentRootPath = folder });
        var paths = AppConfiguration.Paths(builder.Configuration, folder);
        var scaleOut = paths.Options.ScaleOut;
        if (!scaleOut.Enabled)
            throw new DashboardStartException("a worker takes its jobs from the shared database: set MusicDashboard:ScaleOut:Enabled to true, with the PostgreSQL database and Redis the dashboards use (docs/scale-out.md)");
        if (scaleOut.Problem(paths.Database.Provider) is { } problem) throw new DashboardStartException(problem);
        if (concurrency is < 1 or > 64) throw new DashboardStartException($"--concurrency must be 1..64, got {concurrency}");

        // Each concurrent job gets its share of the cores (all of them for one job: a worker serves no web pages).
        TorchRuntime.Configure(paths.Options.Threads, concurrency, servesWeb: false);
        var me = WorkerIdentity.OfThisProcess(name, concurrency);
        var services = builder.Services;
        services.AddSingleton(paths);
        services.AddSingleton(me);
        services.AddDbContextFactory<MusicDbContext>(o => Database.Configure(o, paths.Database));
        services.AddSingleton(_ => Database.Options(paths.Database));
        services.AddSingleton<RunDetailQuery>();
        services.AddSingleton<RunBroker>();
        services.AddSingleton<RunStore>();
        services.AddSingleton(_ => new DemoCorpusGate(paths));
        services.AddSingleton<RunExecutor>();
        services.AddTransient<RunJob>();
        services.AddTransient<FeatureShardJob>();
        ScaleOutServices.AddCommon(services, scaleOut, paths.Database.Connection);
        services.AddHostedService<WorkerHeartbeat>();
        // Registered last, so it stops first: its jobs end (runs left queued for the next worker) while the relay still
        // carries their last events.
        services.AddHangfireServer(o =>
        {
            o.ServerName = me.Name;
            o.WorkerCount = concurrency;
            o.Queues = [.. me.Queues];
            o.CancellationCheckInterval = TimeSpan.FromSeconds(1);
            o.ShutdownTimeout = TimeSpan.FromSeconds(60);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(90));
        var host = builder.Build();
        Database.MigrateAsync(paths.Database).GetAwaiter().GetResult();
        host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("worker")
            .LogInformation("Worker {Name}: {Device}; {Concurrency} job(s) at a time from queue(s) {Queues}; data folder {Data}",
                me.Name, me.Device, concurrency, string.Join(", ", me.Queues), paths.DataFolder);
        return host;
    }
}

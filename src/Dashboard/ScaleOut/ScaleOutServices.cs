using Hangfire;
using Hangfire.PostgreSql;
using MusicDashboard.Core.Configuration;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace MusicDashboard.Dashboard.ScaleOut;

/// <summary>
/// What scale-out adds to a process (docs/scale-out.md): Hangfire on the PostgreSQL database (a dashboard only enqueues;
/// a worker also runs Hangfire's server), one Redis connection, and the event relay every process publishes run events
/// through. The dashboard adds the event mirror and SignalR's Redis backplane (<see cref="AddDashboardParts"/>).
/// </summary>
public static class ScaleOutServices
{
    /// <summary>Hangfire's tables live in their own schema of the same database.</summary>
    public const string HangfireSchema = "hangfire";

    public static void AddCommon(IServiceCollection services, ScaleOutSettings settings, string connectionString)
    {
        services.AddSingleton<IConnectionMultiplexer>(_ => Connect(settings.Redis));
        services.AddSingleton<RunEventRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<RunEventRelay>());
        services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), new PostgreSqlStorageOptions
            {
                SchemaName = HangfireSchema,
                PrepareSchemaIfNecessary = true,
                // A job stays with its worker while the worker's heartbeat keeps it; once that stops (a kill, a lost
                // machine), another worker takes the job after this long.
                UseSlidingInvisibilityTimeout = true,
                InvisibilityTimeout = TimeSpan.FromSeconds(settings.DeadWorkerSeconds),
                QueuePollInterval = TimeSpan.FromMilliseconds(500),
            }));
    }

    public static void AddDashboardParts(ISignalRServerBuilder signalR, IServiceCollection services, ScaleOutSettings settings)
    {
        signalR.AddStackExchangeRedis(settings.Redis, o => o.Configuration.ChannelPrefix = RedisChannel.Literal("musicdash-signalr"));
        services.AddSingleton<RunEventMirror>();
        services.AddHostedService(sp => sp.GetRequiredService<RunEventMirror>());
        services.AddSingleton<RunDispatcher>();
        services.AddSingleton<FeatureExtractionService>();
        services.AddSingleton<WorkerDirectory>();
    }

    /// <summary>A Redis connection that keeps retrying in the background when the server is not up yet.</summary>
    private static ConnectionMultiplexer Connect(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        return ConnectionMultiplexer.Connect(options);
    }
}

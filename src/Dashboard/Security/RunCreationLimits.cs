using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using MusicDashboard.Core.Configuration;

namespace MusicDashboard.Dashboard.Security;

/// <summary>
/// How many runs (or studies) one client may start: a fixed window per client (<c>MusicDashboard:Requests:RunsPerWindow</c>
/// per <c>WindowSeconds</c>), by ASP.NET Core's rate limiter on the API's run-creating endpoints; the hub's StartRun takes
/// the same allowance from a limiter of its own (<see cref="HubLimiter"/>). Over it: 429 problem+json with Retry-After.
/// </summary>
public sealed class RunCreationLimits(AppPaths paths) : IDisposable
{
    public const string Policy = "run-creation";

    private readonly PartitionedRateLimiter<string> _hub = PartitionedRateLimiter.Create<string, string>(key => Partition(key, paths.Options.Requests));

    /// <summary>For the hub: a permit for <paramref name="client"/>, or how long to wait for one.</summary>
    public (bool Acquired, TimeSpan? RetryAfter) TryAcquireForHub(string client)
    {
        using var lease = _hub.AttemptAcquire(client);
        return (lease.IsAcquired, lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : null);
    }

    /// <summary>The client a request or hub call counts against: the signed-in user, else the remote address.</summary>
    public static string ClientOf(HttpContext? context) =>
        context?.User.Identity?.IsAuthenticated == true ? "user:" + context.User.FindFirstValue(ClaimTypes.Name)
        : "ip:" + (context?.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    public static void AddRunCreationLimits(IServiceCollection services, RequestLimitSettings settings)
    {
        services.AddSingleton<RunCreationLimits>();
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(Policy, context => Partition(ClientOf(context), settings));
            o.OnRejected = (context, ct) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? (int)Math.Ceiling(retry.TotalSeconds) : settings.WindowSeconds;
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return new ValueTask(Results.Problem(TooMany(settings, seconds), statusCode: StatusCodes.Status429TooManyRequests, title: "too many runs started")
                    .ExecuteAsync(context.HttpContext));
            };
        });
    }

    public static string TooMany(RequestLimitSettings settings, int retrySeconds) =>
        $"at most {settings.RunsPerWindow} runs may be started per {settings.WindowSeconds} s by one client; try again in {retrySeconds} s " +
        "(settings MusicDashboard:Requests:RunsPerWindow and WindowSeconds)";

    private static RateLimitPartition<string> Partition(string key, RequestLimitSettings settings) =>
        settings.RunsPerWindow <= 0
            ? RateLimitPartition.GetNoLimiter(key)
            : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.RunsPerWindow,
                Window = TimeSpan.FromSeconds(Math.Max(1, settings.WindowSeconds)),
                QueueLimit = 0,
            });

    public void Dispose() => _hub.Dispose();
}

using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;
using MusicDashboard.Core.Configuration;
using MusicDashboard.Core.Runtime;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Components;
using MusicDashboard.Dashboard.Endpoints;
using MusicDashboard.Dashboard.Hubs;
using MusicDashboard.Dashboard.Model;
using MusicDashboard.Dashboard.ScaleOut;
using MusicDashboard.Dashboard.Security;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Hosting;

public static class DashboardHost
{
    /// <summary>The repository's wwwroot when running from source; else the copy the build puts beside the executable
    /// (packaged installs, or a configuration folder elsewhere via MUSICDASH_CONFIG_DIR).</summary>
    private static string WebRoot(string configFolder)
    {
        var beside = Path.Combine(configFolder, "wwwroot");
        return Directory.Exists(beside) ? beside : Path.Combine(AppContext.BaseDirectory, "wwwroot");
    }

    /// <summary>The dashboard, ready to run; <see cref="DashboardStartException"/> when it must not start (e.g. bound
    /// beyond localhost without authentication), with the reason and what to do.</summary>
    public static WebApplication Build(string[] args)
    {
        var folder = AppConfiguration.ConfigurationFolder();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = folder,
            WebRootPath = WebRoot(folder),
        });
        // The one appsettings.json lives in the configuration folder (the content root), so the default sources find it.
        var paths = AppConfiguration.Paths(builder.Configuration, folder);
        // Bound to localhost unless the user says otherwise (appsettings "Urls", --urls, or ASPNETCORE_URLS).
        if (string.IsNullOrEmpty(builder.Configuration["Urls"]) && string.IsNullOrEmpty(builder.Configuration["urls"]))
            builder.WebHost.UseUrls("http://localhost:5000");
        // Beyond localhost only with authentication (docs/security.md).
        var authentication = paths.Options.Authentication;
        if (BindAddresses.StartProblem(builder.Configuration, authentication) is { } refusal) throw new DashboardStartException(refusal);
        builder.WebHost.UseStaticWebAssets();

        builder.Services.AddSingleton(paths);
        var database = paths.Database;
        builder.Services.AddDbContextFactory<MusicDbContext>(o => Database.Configure(o, database));
        builder.Services.AddSingleton(_ => Database.Options(database));
        builder.Services.AddSingleton<CollectionService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CollectionService>());
        builder.Services.AddSingleton<RunBroker>();
        builder.Services.AddSingleton<RunStore>();
        builder.Services.AddSingleton<DemoCorpusGate>();
        builder.Services.AddSingleton<RunExecutor>();
        builder.Services.AddSingleton<RunQueue>();
        builder.Services.AddSingleton<RunResumer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RunQueue>());
        builder.Services.AddHostedService<HubForwarder>();
        // Scale-out (docs/scale-out.md): runs go to `musicdash worker` processes through Hangfire; events come back
        // through Redis, and the hub's groups are this instance's own.
        var scaleOut = paths.Options.ScaleOut;
        if (scaleOut.Problem(paths.Database.Provider) is { } scaleOutProblem) throw new DashboardStartException(scaleOutProblem);
        builder.Services.AddSingleton(new HubGroups(scaleOut.Enabled ? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}" : null));
        if (scaleOut.Enabled) ScaleOutServices.AddCommon(builder.Services, scaleOut, paths.Database.Connection);
        builder.Services.AddSingleton<RunAdmin>();
        // The pages' data (transcripts: the store the collection job fills, Whisper when a model is configured, imported sidecars).
        builder.Services.AddQueryServices();
        builder.Services.AddSingleton<ScaleOutView>();
        var signalR = builder.Services.AddSignalR();
        if (scaleOut.Enabled) ScaleOutServices.AddDashboardParts(signalR, builder.Services, scaleOut);
        builder.Services.AddDashboardAuthentication(authentication);
        RunCreationLimits.AddRunCreationLimits(builder.Services, paths.Options.Requests);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddOpenApi(ApiDocument.Configure);

        var app = builder.Build();
        // Torch threads leave a core to the web server and share the rest between the runs executed at once.
        TorchRuntime.Configure(paths.Options.Threads, app.Configuration.GetValue(RunQueue.MaxConcurrentRunsKey, 1), servesWeb: true);
        // Migrations before anything serves: pages and the collection job both need the schema.
        Database.MigrateAsync(database).GetAwaiter().GetResult();
        // Runs a previous process left running or queued: taken up again (MusicDashboard:AutoResume), else marked interrupted.
        // With scale-out the workers' runs are Hangfire's to take up again (a dead worker's job goes to another worker).
        if (!scaleOut.Enabled) app.Services.GetRequiredService<RunResumer>().RecoverAtStartAsync().GetAwaiter().GetResult();

        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/Error", createScopeForErrors: true);
        // The API and the hub answer a fault with problem+json that says nothing of the server's insides (the log has them).
        app.UseWhen(c => DashboardAuthentication.IsForScripts(c.Request), api => api.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = c => Results.Problem($"the server could not answer this request; its log has the details (request {c.TraceIdentifier})",
                statusCode: StatusCodes.Status500InternalServerError, title: "server error").ExecuteAsync(c),
        }));
        var exposed = BindAddresses.Configured(app.Configuration).Where(u => !BindAddresses.IsLoopback(u)).ToList();
        if (exposed.Any(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase)))
            app.Logger.LogWarning("Listening on {Urls} without TLS: passwords, cookies and API keys cross the network in clear. Put a reverse proxy with TLS in front or configure a Kestrel certificate (docs/security.md)",
                string.Join(", ", exposed));
        // A page, not a bare 404, for addresses that lead nowhere (API errors carry their own body and are left alone).
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        // ... but an API answer without a body (the router's 404, 405, 415) is problem+json in words, never that page.
        app.UseWhen(c => DashboardAuthentication.IsForScripts(c.Request), api => api.UseStatusCodePages(ApiStatusPages.WriteAsync));
        // The repository's wwwroot (app.css, favicon.svg) is not in the build's static asset manifest: it is served here,
        // before routing. With routing first (WebApplication's implicit UseRouting), MapStaticAssets' fallback endpoint
        // took these requests and warned on every page load that the files were not in the manifest.
        app.UseStaticFiles();
        app.UseRouting();
        app.UseDashboardAuthentication(authentication);
        app.UseRateLimiter();
        app.UseAntiforgery();
        // The framework's scripts and styles: the sign-in page needs them before anyone has signed in.
        app.MapStaticAssets().AllowAnonymous();
        app.MapSignOut(authentication);
        app.MapOpenApi();
        app.MapAudioEndpoints();
        app.MapRunEndpoints();
        app.MapTrackEndpoints();
        app.MapFigureEndpoints();
        app.MapStudyEndpoints();
        app.MapPlaylistEndpoints();
        app.MapScaleOutEndpoints();
        app.MapHub<TrainingHub>(TrainingHub.Path);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}

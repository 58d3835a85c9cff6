using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;
using MusicDashboard.Core.Configuration;
using MusicDashboard.Core.Runtime;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Components;
using MusicDashboard.Dashboard.Endpoints;
using MusicDashboard.Dashboard.Hubs;
using MusicDashboard.Dashboard.Model;
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
        builder.WebHost.UseStaticWebAssets();

        builder.Services.AddSingleton(paths);
        builder.Services.AddDbContextFactory<MusicDbContext>(o => o.UseSqlite(Database.ConnectionString(paths.DatabasePath)));
        builder.Services.AddSingleton(_ => Database.Options(paths.DatabasePath));
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
        builder.Services.AddSingleton<RunAdmin>();
        // The pages' data (transcripts: the store the collection job fills, Whisper when a model is configured, imported sidecars).
        builder.Services.AddQueryServices();
        builder.Services.AddSignalR();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddOpenApi(ApiDocument.Configure);

        var app = builder.Build();
        // Torch threads leave a core to the web server and share the rest between the runs executed at once.
        TorchRuntime.Configure(paths.Options.Threads, app.Configuration.GetValue(RunQueue.MaxConcurrentRunsKey, 1), servesWeb: true);
        // Migrations before anything serves: pages and the collection job both need the schema.
        Database.MigrateAsync(paths.DatabasePath).GetAwaiter().GetResult();
        var interrupted = RunJanitor.MarkInterrupted(Database.Options(paths.DatabasePath));
        if (interrupted > 0)
            app.Logger.LogWarning("{Count} run(s) were interrupted by a previous stop and are marked so", interrupted);

        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/Error", createScopeForErrors: true);
        // A page, not a bare 404, for addresses that lead nowhere (API errors carry their own body and are left alone).
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        // The repository's wwwroot (app.css, favicon.svg) is not in the build's static asset manifest: it is served here,
        // before routing. With routing first (WebApplication's implicit UseRouting), MapStaticAssets' fallback endpoint
        // took these requests and warned on every page load that the files were not in the manifest.
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapOpenApi();
        app.MapAudioEndpoints();
        app.MapRunEndpoints();
        app.MapTrackEndpoints();
        app.MapFigureEndpoints();
        app.MapStudyEndpoints();
        app.MapPlaylistEndpoints();
        app.MapHub<TrainingHub>(TrainingHub.Path);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}

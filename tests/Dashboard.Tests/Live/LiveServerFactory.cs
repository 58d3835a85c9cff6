using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Hosting;
using MusicDashboard.Dashboard.Hubs;

namespace MusicDashboard.Dashboard.Tests.Live;

/// <summary>
/// The dashboard in process (WebApplicationFactory) on its own configuration folder with a tiny demo corpus (2 tracks per
/// genre, 60 clips): runs of a few epochs finish in seconds. The configuration folder is passed through the environment
/// variable the executable reads, so it is set before the host is built and left alone afterwards.
/// </summary>
public sealed class LiveServerFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const int TracksPerGenre = 2;
    public const int Tracks = TracksPerGenre * 10;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "musicdash-live-" + Guid.NewGuid().ToString("N")[..8]);
    public string DatabasePath => Path.Combine(Folder, "data", "musicdash.db");
    /// <summary>The one folder (besides the demo corpus) the tests may point runs at: MusicDashboard:DatasetRoots.</summary>
    public string DatasetsFolder => Path.Combine(Folder, "datasets");

    public LiveServerFactory()
    {
        Directory.CreateDirectory(Folder);
        Directory.CreateDirectory(DatasetsFolder);
        var settings = new
        {
            MusicDashboard = new
            {
                DataFolder = Path.Combine(Folder, "data"), Database = DatabasePath, DatasetPath = "", Demo = new { TracksPerGenre, Seed = 7 },
                DatasetRoots = new[] { DatasetsFolder },
                Requests = new { RunsPerWindow = E2E.DashboardServer.TestRunsPerWindow, WindowSeconds = 60 },
            },
            Logging = new { LogLevel = new Dictionary<string, string> { ["Default"] = "Warning" } },
        };
        File.WriteAllText(Path.Combine(Folder, "appsettings.json"), JsonSerializer.Serialize(settings));
        Environment.SetEnvironmentVariable(AppConfiguration.ConfigFolderVariable, Folder);
    }

    public async Task InitializeAsync()
    {
        _ = Server; // builds and starts the host
        var deadline = DateTime.UtcNow.AddSeconds(300);
        while (true)
        {
            await using (var db = new MusicDbContext(Database.Options(DatabasePath)))
                if (await db.Tracks.CountAsync() >= Tracks) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the demo corpus was not generated and scanned within 300 s");
            await Task.Delay(300);
        }
    }

    /// <summary>A SignalR client of /hubs/training through the in-memory test server (long polling: no sockets needed).</summary>
    public HubConnection Hub() => new HubConnectionBuilder()
        .WithUrl(new Uri(Server.BaseAddress, TrainingHub.Path.TrimStart('/')), o =>
        {
            o.HttpMessageHandlerFactory = _ => Server.CreateHandler();
            o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
        })
        .Build();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        Environment.SetEnvironmentVariable(AppConfiguration.ConfigFolderVariable, null);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

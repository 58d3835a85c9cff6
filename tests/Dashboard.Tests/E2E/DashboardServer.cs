using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Dashboard.Tests.E2E;

/// <summary>
/// The real dashboard as a child process (<c>dotnet musicdash.dll</c>) on a free localhost port, with its own configuration
/// folder: by default no dataset, so a tiny demo corpus (2 tracks per genre) is generated into a temporary data folder.
/// Shared by the browser tests and the HTTP tests of one collection; the process tree is killed and the folder deleted on dispose.
/// </summary>
public class DashboardServer : IAsyncLifetime
{
    public const int TracksPerGenre = 2;
    public const int Genres = 10;
    public const int ExpectedTracks = TracksPerGenre * Genres;

    /// <summary>Overrides where the server comes from (a musicdash.dll built elsewhere).</summary>
    public const string ServerDllVariable = MusicdashProcess.ServerDllVariable;

    private MusicdashProcess? _process;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "musicdash-e2e-" + Guid.NewGuid().ToString("N")[..8]);
    public string DataFolder => Path.Combine(Folder, "data");
    public string DatabasePath => Path.Combine(DataFolder, "musicdash.db");
    public string DemoCorpusFolder => Path.Combine(DataFolder, "demo-corpus");
    public Uri BaseAddress { get; private set; } = default!;
    public HttpClient Http { get; private set; } = default!;
    public TimeSpan StartUpTime { get; private set; }

    /// <summary>The configured dataset (relative to the configuration folder), made on disk first; empty: the demo corpus.</summary>
    protected virtual string PrepareDataset() => "";

    /// <summary>More of the MusicDashboard section (authentication, dataset roots, limits) for a server of another kind.</summary>
    protected virtual void Configure(System.Text.Json.Nodes.JsonObject musicDashboard) { }

    /// <summary>Runs the tests may start per minute from one client: far above what they start, so no test meets the
    /// limit but the one that tests it (on a server of its own).</summary>
    public const int TestRunsPerWindow = 10_000;

    /// <summary>The page whose 200 says the server is up (a server with sign-in sends "/" to its sign-in page).</summary>
    protected virtual string ReadyPath => "/";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        var section = JsonSerializer.SerializeToNode(new
        {
            DataFolder, Database = DatabasePath, DatasetPath = PrepareDataset(), Demo = new { TracksPerGenre, Seed = 7 },
            Requests = new { RunsPerWindow = TestRunsPerWindow, WindowSeconds = 60 },
        })!.AsObject();
        Configure(section);
        var settings = new System.Text.Json.Nodes.JsonObject
        {
            ["MusicDashboard"] = section,
            ["Logging"] = JsonSerializer.SerializeToNode(new { LogLevel = new Dictionary<string, string> { ["Default"] = "Information", ["Microsoft.AspNetCore"] = "Warning", ["Microsoft.EntityFrameworkCore"] = "Warning" } }),
        };
        await File.WriteAllTextAsync(Path.Combine(Folder, "appsettings.json"), settings.ToJsonString());
        // No wwwroot in this configuration folder: the dashboard falls back to the copy in its build output.
        await StartAsync();
    }

    /// <summary>Settings given to the process as environment variables (<c>MusicDashboard__AutoResume=false</c>).</summary>
    public Dictionary<string, string> ExtraEnvironment { get; } = [];

    /// <summary>Kills the process at once (SIGKILL, as a crash or the OOM killer would): nothing of it runs after this returns.</summary>
    public async Task KillAsync()
    {
        if (_process is null) return;
        await _process.KillAsync();
        await _process.DisposeAsync();
        _process = null;
        Http.Dispose();
    }

    /// <summary>Starts the dashboard again on the same configuration and data folder (a new port) after <see cref="KillAsync"/>.</summary>
    public Task RestartAsync() => StartAsync();

    private async Task StartAsync()
    {
        var port = MusicdashProcess.FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        var clock = Stopwatch.StartNew();
        _process = MusicdashProcess.Start(Folder, ["--urls", BaseAddress.ToString().TrimEnd('/')], ExtraEnvironment);

        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        await _process.WaitUntilServingAsync(Http, ReadyPath);
        StartUpTime = clock.Elapsed;
    }

    /// <summary>Waits until the background job has generated and scanned the demo corpus (rows in the database).</summary>
    public async Task<List<TrackEntity>> WaitForTracksAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await using (var db = OpenDatabase())
            {
                var tracks = await db.Tracks.AsNoTracking().Where(t => t.DatasetRoot == DemoCorpusFolder).OrderBy(t => t.Id).ToListAsync();
                if (tracks.Count >= ExpectedTracks) return tracks;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the demo corpus was not scanned within {timeout.TotalSeconds:0} s:\n{LogTail()}");
            await Task.Delay(500);
        }
    }

    /// <summary>Polls <c>GET /api/runs/{id}</c> until the run has ended (completed, failed, cancelled or interrupted) and
    /// returns its body; fails with the server's log after <paramref name="patience"/>.</summary>
    public Task<JsonElement> WaitForRunEndAsync(int run, TimeSpan patience) => WaitForRunEndAsync(Http, run, patience, () => LogTail());

    /// <summary>The same wait on any dashboard's client; <paramref name="log"/> gives what to show when it times out.</summary>
    public static async Task<JsonElement> WaitForRunEndAsync(HttpClient http, int run, TimeSpan patience, Func<string> log)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var body = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{run}");
            var state = body.GetProperty("state").GetString();
            if (state is "completed" or "failed" or "cancelled" or "interrupted") return body;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"run {run} still {state} after {patience.TotalMinutes:0} min:\n{log()}");
            await Task.Delay(200);
        }
    }

    public MusicDbContext OpenDatabase() => new(Database.Options(DatabasePath));

    public string LogTail(int lines = 60) => _process?.LogTail(lines) ?? "";

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_process is not null) await _process.DisposeAsync();
        // SQLite keeps pooled connections of this process open on the file; release them before deleting.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardServerCollection : ICollectionFixture<DashboardServer>
{
    public const string Name = "dashboard server";
}

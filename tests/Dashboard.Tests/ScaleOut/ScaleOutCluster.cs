using MusicDashboard.Core.Runtime;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using MusicDashboard.Dashboard.Tests.E2E;
using MusicDashboard.Tests;

namespace MusicDashboard.Dashboard.Tests.ScaleOut;

/// <summary>
/// A lab on loopback (issue 17): PostgreSQL and Redis from Debian's packages (throwaway servers), two dashboard instances
/// and two <c>musicdash worker</c> processes sharing one configuration, one database and one data folder (the shared
/// folder a lab would mount), on the tiny demo corpus.
/// </summary>
public sealed class ScaleOutCluster : IAsyncLifetime
{
    public const int TracksPerGenre = 2;
    public const int ExpectedTracks = TracksPerGenre * 10;
    public const int TracksPerShard = 3;
    /// <summary>How long a dead worker's job waits before another worker takes it (short for the test; 60 s by default).</summary>
    public const int DeadWorkerSeconds = 10;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "musicdash-scaleout-" + Guid.NewGuid().ToString("N")[..8]);
    public string DataFolder => Path.Combine(Folder, "data");
    public string DemoCorpusFolder => Path.Combine(DataFolder, "demo-corpus");
    public PostgresServer Postgres { get; private set; } = default!;
    public LocalRedis Redis { get; private set; } = default!;
    public string ConnectionString { get; private set; } = "";
    public Instance A { get; private set; } = default!;
    public Instance B { get; private set; } = default!;
    public Dictionary<string, MusicdashProcess> Workers { get; } = [];

    /// <summary>A dashboard instance: its process, address and client.</summary>
    public sealed record Instance(MusicdashProcess Process, Uri BaseAddress, HttpClient Http)
    {
        public HubConnection Hub() => new HubConnectionBuilder().WithUrl(new Uri(BaseAddress, "hubs/training")).Build();
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        Postgres = new PostgresServer();
        await Postgres.InitializeAsync();
        Redis = new LocalRedis();
        ConnectionString = await Postgres.CreateDatabaseAsync("scaleout");
        var settings = new JsonObject
        {
            ["MusicDashboard"] = JsonSerializer.SerializeToNode(new
            {
                DataFolder,
                DatabaseProvider = "postgresql",
                Database = ConnectionString,
                Demo = new { TracksPerGenre, Seed = 7 },
                Requests = new { RunsPerWindow = 10_000, WindowSeconds = 60 },
                ScaleOut = new { Enabled = true, Redis = Redis.Configuration, DeadWorkerSeconds, TracksPerShard },
            }),
            ["Logging"] = JsonSerializer.SerializeToNode(new { LogLevel = new Dictionary<string, string> { ["Default"] = "Information", ["Microsoft.AspNetCore"] = "Warning", ["Microsoft.EntityFrameworkCore"] = "Warning" } }),
        };
        await File.WriteAllTextAsync(Path.Combine(Folder, "appsettings.json"), settings.ToJsonString());
        // A first, until it has made and scanned the demo corpus in the shared folder; then B finds it there.
        A = await StartDashboardAsync();
        await WaitForTracksAsync(A);
        B = await StartDashboardAsync();
        StartWorker("w1");
        StartWorker("w2");
        await WaitForWorkersAsync("w1", "w2");
    }

    public MusicdashProcess StartWorker(string name)
    {
        var worker = MusicdashProcess.Start(Folder, ["worker", "--name", name]);
        Workers[name] = worker;
        return worker;
    }

    /// <summary>Waits until the dashboards list exactly these live workers.</summary>
    public async Task WaitForWorkersAsync(params string[] names)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var listed = await B.Http.GetFromJsonAsync<JsonElement>("/api/workers");
            var live = listed.EnumerateArray().Select(w => w.GetProperty("name").GetString()).Order().ToList();
            if (live.SequenceEqual(names.Order())) return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"workers listed: [{string.Join(", ", live)}], expected [{string.Join(", ", names)}]\n{Logs()}");
            await Task.Delay(250);
        }
    }

    public string Logs() => string.Join("\n", new[] { ("A", A?.Process), ("B", B?.Process) }.Concat(Workers.Select(w => (w.Key, (MusicdashProcess?)w.Value)))
        .Where(p => p.Item2 is not null).Select(p => $"--- {p.Item1}:\n{p.Item2!.LogTail(40)}"));

    private async Task<Instance> StartDashboardAsync()
    {
        var address = new Uri($"http://127.0.0.1:{MusicdashProcess.FreePort()}/");
        var process = MusicdashProcess.Start(Folder, ["--urls", address.ToString().TrimEnd('/')]);
        var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        await process.WaitUntilServingAsync(http, "/api/workers");
        return new Instance(process, address, http);
    }

    private static async Task WaitForTracksAsync(Instance dashboard)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while ((await dashboard.Http.GetFromJsonAsync<JsonElement>("/api/tracks?pageSize=1")).GetProperty("total").GetInt32() < ExpectedTracks)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the demo corpus was not scanned within 120 s:\n{dashboard.Process.LogTail()}");
            await Task.Delay(250);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var w in Workers.Values) await w.DisposeAsync();
        foreach (var d in new[] { A, B }.Where(d => d is not null))
        {
            d.Http.Dispose();
            await d.Process.DisposeAsync();
        }
        Redis?.Dispose();
        if (Postgres is not null) await Postgres.DisposeAsync();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

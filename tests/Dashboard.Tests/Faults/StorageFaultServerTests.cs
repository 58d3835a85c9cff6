using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MusicDashboard.Dashboard.Tests.E2E;

namespace MusicDashboard.Dashboard.Tests.Faults;

/// <summary>
/// The real dashboard process against real storage faults (a tmpfs of a few kilobytes, a tmpfs mounted read-only: a root
/// process writes through permission bits, not through those). A run that cannot write its checkpoint fails with the
/// reason in words and the server goes on serving; a start on a read-only data folder stops at once with one plain line
/// and exit code 1, no stack trace. The tests need the right to mount: they fail when run as root and mounting fails,
/// and do nothing otherwise (tests/Core.Tests/Storage/StorageFaultTests checks the wording on SQLite's own errors).
/// </summary>
public sealed class StorageFaultServerTests
{
    [Fact]
    public async Task ARunThatCannotWriteItsCheckpointFailsInWordsAndTheServerKeepsServing()
    {
        var server = new FullRunsFolderServer();
        try
        {
            await server.InitializeAsync();
            if (server.Mount is null) return;
            await server.WaitForTracksAsync(TimeSpan.FromMinutes(3));
            using var response = await server.Http.PostAsJsonAsync("/api/runs", new { preset = "mlp-vae-audio", dataset = "demo", epochs = 20, vae = new { checkpointEvery = 5 } });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

            var run = await server.WaitForRunEndAsync(id, TimeSpan.FromMinutes(5));
            Assert.Equal("failed", run.GetProperty("state").GetString());
            var checkpoint = Path.Combine(server.DataFolder, "runs", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "checkpoint");
            var message = run.GetProperty("message").GetString()!;
            Assert.StartsWith($"no space left on device writing the checkpoint {checkpoint}{Path.DirectorySeparatorChar}", message);
            Assert.EndsWith(": free some space, then resume the run", message);
            Assert.DoesNotContain("Exception", message);
            // The epochs before the failure are kept (the database is on another disk), and the server goes on.
            Assert.True(run.GetProperty("epochsDone").GetInt32() >= 5);
            Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/api/runs")).StatusCode);
            Assert.Contains(message, await server.Http.GetStringAsync($"/runs/{id}"));
        }
        finally
        {
            server.Mount?.Dispose();
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task StartingOnAReadOnlyDataFolderStopsWithAPlainMessage()
    {
        var folder = Directory.CreateTempSubdirectory("musicdash-ro-").FullName;
        var mount = TmpfsMount.TryMount(Path.Combine(folder, "data"), "1m", readOnly: true, out var whyNot);
        try
        {
            if (mount is null)
            {
                Assert.False(Environment.IsPrivilegedProcess, $"running as root, yet a tmpfs could not be mounted: {whyNot}");
                return;
            }
            var settings = new { MusicDashboard = new { DataFolder = mount.Folder, Database = Path.Combine(mount.Folder, "musicdash.db") } };
            await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"), JsonSerializer.Serialize(settings));
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
            {
                WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "musicdash.dll"));
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add("http://127.0.0.1:0");
            start.Environment["MUSICDASH_CONFIG_DIR"] = folder;
            start.Environment.Remove("ASPNETCORE_URLS");
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using (var patience = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
                await process.WaitForExitAsync(patience.Token);
            var said = (await stderr).Trim();
            Assert.Equal(1, process.ExitCode);
            Assert.Equal($"musicdash: the database folder {mount.Folder} is read-only: the dashboard keeps its database, run folders and feature cache there; give it a writable folder", said);
            Assert.DoesNotContain(" at ", await stdout);
        }
        finally
        {
            mount?.Dispose();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The dashboard with a 128 KiB tmpfs on its runs folder: a run's log fits, its checkpoint (the model's weights
    /// and Adam's moments, about a megabyte for the MLP-VAE) does not.</summary>
    private sealed class FullRunsFolderServer : DashboardServer
    {
        public TmpfsMount? Mount { get; private set; }

        protected override string PrepareDataset()
        {
            Mount = TmpfsMount.TryMount(Path.Combine(DataFolder, "runs"), "128k", readOnly: false, out var whyNot);
            if (Mount is null) Assert.False(Environment.IsPrivilegedProcess, $"running as root, yet a tmpfs could not be mounted: {whyNot}");
            return "";
        }
    }
}

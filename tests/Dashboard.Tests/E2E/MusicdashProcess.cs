using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MusicDashboard.Dashboard.Tests.E2E;

/// <summary>
/// The built <c>musicdash.dll</c> as a child process (a dashboard, or a verb such as <c>worker</c>) with its output kept
/// for failure messages. Killed with its process tree on dispose.
/// </summary>
public sealed class MusicdashProcess : IAsyncDisposable
{
    /// <summary>Run the tests against another build of the dashboard (default: the copy beside the tests).</summary>
    public const string ServerDllVariable = "MUSICDASH_E2E_SERVER_DLL";

    private readonly ConcurrentQueue<string> _log = new();
    private readonly Process _process;

    private MusicdashProcess(Process process) => _process = process;

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <param name="configFolder">The folder holding its appsettings.json (and its working directory).</param>
    public static MusicdashProcess Start(string configFolder, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = Environment.GetEnvironmentVariable(ServerDllVariable) is { Length: > 0 } custom ? custom : Path.Combine(AppContext.BaseDirectory, "musicdash.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"the dashboard build was not found at {dll} (the test project references src/Dashboard, so it should be copied beside the tests)");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = configFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["MUSICDASH_CONFIG_DIR"] = configFolder;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = new MusicdashProcess(Process.Start(start) ?? throw new InvalidOperationException("the musicdash process did not start"));
        process._process.OutputDataReceived += (_, e) => { if (e.Data is not null) process._log.Enqueue(e.Data); };
        process._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) process._log.Enqueue("ERR " + e.Data); };
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        return process;
    }

    public string LogTail(int lines = 60) => string.Join('\n', _log.TakeLast(lines));

    /// <summary>Whether a line of its output contains <paramref name="text"/>.</summary>
    public bool Logged(string text) => _log.Any(l => l.Contains(text, StringComparison.Ordinal));

    /// <summary>Kills it at once (SIGKILL, as a crash or the OOM killer would): nothing of it runs after this returns.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
            {
                // Already gone, or stuck: nothing more a test can do.
            }
        }
        _process.Dispose();
    }

    /// <summary>Waits until <paramref name="path"/> answers 200 (the process started and serves); fails with its output
    /// when it exits first or takes longer than 90 s.</summary>
    public async Task WaitUntilServingAsync(HttpClient http, string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            if (HasExited) throw new InvalidOperationException($"the dashboard exited with code {ExitCode} before answering:\n{LogTail()}");
            try
            {
                using var response = await http.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the dashboard did not answer on {http.BaseAddress} within 90 s:\n{LogTail()}");
            await Task.Delay(250);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

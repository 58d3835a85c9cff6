using System.Diagnostics;
using MusicDashboard.Dashboard.Hosting;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>
/// This program started again as a child of a bench (a dashboard, a worker), on a configuration folder of the bench's:
/// its standard error goes to ours with a label, and it dies with the bench (a bench stopped by a signal takes it along).
/// </summary>
public sealed class SelfProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SelfProcess(Process process) => _process = process;

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public static SelfProcess Start(string configFolder, IEnumerable<string> arguments, string label, IReadOnlyDictionary<string, string>? environment = null)
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(self) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = configFolder };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(SelfProcess).Assembly.Location);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment[AppConfiguration.ConfigFolderVariable] = configFolder;
        start.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"the {label} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) Console.Error.WriteLine($"[{label}] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } };
        return new SelfProcess(process);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try { _process.Kill(entireProcessTree: true); await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20)); }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException) { }
        }
        _process.Dispose();
    }
}

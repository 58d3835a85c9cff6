namespace MusicDashboard.Dashboard.Cli;

/// <summary>The machine's load averages as the bench headers print them ("1.02 0.87 0.55", 1, 5 and 15 minutes).</summary>
public static class LoadAverage
{
    public static string Text
    {
        get
        {
            try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return "unknown (no /proc/loadavg)"; }
        }
    }
}

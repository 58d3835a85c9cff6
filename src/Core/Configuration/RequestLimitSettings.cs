namespace MusicDashboard.Core.Configuration;

/// <summary>The "MusicDashboard:Requests" section: how big a JSON request may be and how many runs a client may start.</summary>
public sealed class RequestLimitSettings
{
    /// <summary>Largest JSON body the API reads (bytes); larger ones are answered 413.</summary>
    public int MaxJsonBodyBytes { get; set; } = 64 * 1024;
    /// <summary>Runs (or studies) one client may start per window; 0 = no limit.</summary>
    public int RunsPerWindow { get; set; } = 20;
    /// <summary>The rate limit's window, in seconds.</summary>
    public int WindowSeconds { get; set; } = 60;
}

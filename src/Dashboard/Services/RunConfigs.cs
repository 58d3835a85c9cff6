using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Services;

/// <summary>Reads stored run configurations; a config that no longer parses (older version) is reported, not fatal.</summary>
public static class RunConfigs
{
    public static RunConfig? TryParse(string json)
    {
        try { return RunConfig.FromJson(json); }
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException or NotSupportedException) { return null; }
    }
}

using System.Globalization;
using System.Text.Json;
using MusicDashboard.Core.Configuration;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Dashboard.Services;

/// <summary>Small facts about stored runs shared by pages and endpoints: skipped files, durations, files on disk.</summary>
public static class RunFacts
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The skipped-files list as stored (<c>[{"path","reason"}]</c>); anything else is shown raw rather than hidden.</summary>
    public static (IReadOnlyList<SkippedFile> Files, string? Unparsed) ParseSkipped(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return ([], null);
        try
        {
            var files = JsonSerializer.Deserialize<List<SkippedFile>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web));
            return (files?.Where(f => f is not null).Select(f => new SkippedFile(f.Path ?? "?", f.Reason ?? "")).ToList() ?? [], null);
        }
        catch (JsonException)
        {
            return ([], json);
        }
    }

    public static string FormatTime(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", Invariant) + " UTC";

    public static string FormatSpan(TimeSpan span) =>
        span < TimeSpan.Zero ? "—"
        : span.TotalHours >= 1 ? string.Create(Invariant, $"{(int)span.TotalHours} h {span.Minutes:00} min")
        : span.TotalMinutes >= 1 ? string.Create(Invariant, $"{(int)span.TotalMinutes} min {span.Seconds:00} s")
        : string.Create(Invariant, $"{span.TotalSeconds:0.0} s");

    public static string FormatDuration(DateTime? startedAt, DateTime? finishedAt, RunState state)
    {
        if (startedAt is not { } start) return "—";
        var end = finishedAt ?? (state == RunState.Running ? DateTime.UtcNow : (DateTime?)null);
        return end is null ? "—" : FormatSpan(end.Value - start);
    }

    /// <summary>A checkpoint the trainer left for the run (file names with "checkpoint" or ending .ckpt / .pt in the run's
    /// folder), newest first; null when there is none.</summary>
    public static string? Checkpoint(AppPaths paths, int runId)
    {
        var folder = RunBroker.RunFolder(paths, runId);
        if (!Directory.Exists(folder)) return null;
        return new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(f => f.Name.Contains("checkpoint", StringComparison.OrdinalIgnoreCase) || f.Extension is ".ckpt" or ".pt")
            .OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault()?.FullName;
    }
}

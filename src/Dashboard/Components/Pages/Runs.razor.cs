using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Demo;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Dashboard.Components.Pages;

/// <summary>Stored runs, newest first, with their metric rows. Runs are few (one per training), so they are read whole.</summary>
public partial class Runs
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    [Inject] private IDbContextFactory<MusicDbContext> DbFactory { get; set; } = default!;
    [Inject] private ILogger<Runs> Log { get; set; } = default!;

    private List<RunRow>? _runs;
    private readonly HashSet<int> _expanded = [];
    private bool _loading;
    private string? _loadError;

    public sealed record MetricRow(string Method, string Input, string Clustering, int K, double Silhouette, double DaviesBouldin,
        double CalinskiHarabasz, double? Ari, double? Nmi, double? Purity);

    public sealed record SkippedFile(string Path, string Reason);

    public sealed record RunRow(int Id, string Name, string Preset, string Dataset, bool IsSyntheticDemo, RunState State,
        DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt, int Clips, int TracksUsed, string? Error,
        IReadOnlyList<MetricRow> Metrics, IReadOnlyList<SkippedFile> Skipped, string? SkippedUnparsed);

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _loading = true;
        try
        {
            await using var db = await DbFactory.CreateDbContextAsync();
            var runs = await db.Runs.AsNoTracking()
                .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
                .Include(r => r.Metrics)
                .AsSplitQuery()
                .ToListAsync();
            _runs = runs.Select(ToRow).ToList();
            _loadError = null;
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            Log.LogError(e, "Reading the runs failed");
            _loadError = e.Message;
            _runs ??= [];
        }
        finally
        {
            _loading = false;
        }
    }

    private void Toggle(int id)
    {
        if (!_expanded.Remove(id)) _expanded.Add(id);
    }

    private static RunRow ToRow(RunEntity r)
    {
        var (skipped, unparsed) = ParseSkipped(r.SkippedFilesJson);
        var metrics = r.Metrics.OrderBy(m => m.Order).ThenBy(m => m.Id)
            .Select(m => new MetricRow(m.Method, m.Input, m.Clustering, m.K, m.Silhouette, m.DaviesBouldin, m.CalinskiHarabasz, m.Ari, m.Nmi, m.Purity))
            .ToList();
        return new RunRow(r.Id, r.Name, r.Preset, r.Dataset, r.Dataset == DemoCorpus.DatasetName, r.State, r.CreatedAt, r.StartedAt,
            r.FinishedAt, r.Clips, r.TracksUsed, r.Error, metrics, skipped, unparsed);
    }

    /// <summary>The skipped-files list as stored (<c>[{"path","reason"}]</c>); anything else is shown raw rather than hidden.</summary>
    internal static (IReadOnlyList<SkippedFile> Files, string? Unparsed) ParseSkipped(string? json)
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

    internal static string FormatTime(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", Invariant) + " UTC";

    internal static string FormatDuration(RunRow run)
    {
        if (run.StartedAt is not { } start) return "—";
        var end = run.FinishedAt ?? (run.State == RunState.Running ? DateTime.UtcNow : (DateTime?)null);
        if (end is null) return "—";
        var span = end.Value - start;
        if (span < TimeSpan.Zero) return "—";
        return span.TotalHours >= 1
            ? string.Create(Invariant, $"{(int)span.TotalHours} h {span.Minutes:00} min")
            : span.TotalMinutes >= 1 ? string.Create(Invariant, $"{(int)span.TotalMinutes} min {span.Seconds:00} s")
            : string.Create(Invariant, $"{span.TotalSeconds:0.0} s");
    }
}

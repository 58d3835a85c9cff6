using System.Text.Json;
using MusicDashboard.Core.Clustering;
using MusicDashboard.Core.Metrics;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>Clusters the rows of any CSV with the same implementations the pipeline uses, and scores the result.</summary>
public static class ClusterVerb
{
    public static readonly IReadOnlyList<string> Methods = ["kmeans"];

    public static Verb Definition { get; } = new("cluster", "cluster the rows of a CSV and score the labelling (JSON out)",
    [
        new("csv", "X.csv", "input with a header row; numeric columns are the features", Required: true),
        new("out", "result.json", "where to write { labels, metrics }", Required: true),
        new("label-column", "NAME", "column of true labels (numbers or names): enables ARI, NMI, purity"),
        new("drop-columns", "A,B", "columns to ignore (ids, file names)"),
        new("method", "name", $"clustering method: {string.Join(" | ", Methods)} (default kmeans)"),
        new("k", "K", "number of clusters (default 10)"),
        new("n-init", "N", "restarts; the best one is kept (default 10)"),
        new("seed", "S", "random seed (default 0)"),
        new("scale", "standard|none", "standardise each feature first (default standard)"),
    ], RunAsync);

    private static Task<int> RunAsync(ParsedArgs a, CancellationToken ct)
    {
        var table = CsvTable.Read(a.Require("csv"));
        var drop = (a.Get("drop-columns") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        foreach (var d in drop) table.Column(d); // unknown names are an error, not silently ignored
        var labelColumn = a.Get("label-column") is { } name ? table.Column(name) : -1;
        var featureColumns = Enumerable.Range(0, table.Header.Count).Where(c => c != labelColumn && !drop.Contains(table.Header[c])).ToList();
        if (featureColumns.Count == 0) throw new UsageException("no feature columns left after dropping");
        var x = table.Numeric(featureColumns);
        var truth = labelColumn >= 0 ? table.Labels(labelColumn, out _) : null;

        var method = a.Get("method") ?? "kmeans";
        if (!Methods.Contains(method)) throw new UsageException($"cluster: unknown method '{method}' (available: {string.Join(", ", Methods)})");
        var scale = a.Get("scale") ?? "standard";
        if (scale is not ("standard" or "none")) throw new UsageException($"cluster: --scale must be standard or none, got '{scale}'");
        var k = a.GetInt("k", 10, 1, 100000);
        var options = new KMeansOptions(K: k, NInit: a.GetInt("n-init", 10, 1, 10000), Seed: a.GetInt("seed", 0));

        var features = scale == "standard" ? StandardScaler.Fit(x).Transform(x) : x;
        KMeansResult result;
        try { result = KMeans.Fit(features, options, ct); }
        catch (ArgumentException e) { throw new UsageException($"cluster: {e.Message}"); }
        var metrics = MetricsReport.Compute(features, result.Labels, truth);

        var output = new Dictionary<string, object?>
        {
            ["labels"] = result.Labels,
            ["metrics"] = metrics.Values,
            ["undefined_metrics"] = metrics.Undefined,
            ["method"] = method,
            ["k"] = k,
            ["scale"] = scale,
            ["rows"] = x.Length,
            ["features"] = featureColumns.Select(c => table.Header[c]).ToArray(),
            ["inertia"] = result.Inertia,
            ["iterations"] = result.Iterations,
        };
        var outPath = Path.GetFullPath(a.Require("out"));
        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        File.WriteAllText(outPath, JsonSerializer.Serialize(output, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"[cluster] {method} K = {k} on {x.Length} x {featureColumns.Count} ({scale}): " +
            string.Join(", ", metrics.Values.Select(p => $"{p.Key} {p.Value:0.0000}")));
        Console.WriteLine($"[cluster] wrote {outPath}");
        return Task.FromResult(0);
    }
}

using MusicDashboard.Core.Datasets;
using System.Text.Json;
using MusicDashboard.Core.Metrics;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>Scores a labelling made by any tool against its features and, optionally, the true labels.</summary>
public static class MetricsVerb
{
    public static Verb Definition { get; } = new("metrics", "metrics of a given labelling (so any other tool's output can be checked)",
    [
        new("x", "X.csv", "features with a header row (all columns numeric)", Required: true),
        new("pred", "labels.csv", "predicted labels: a header row and one column, in the rows' order", Required: true),
        new("true", "labels.csv", "true labels (numbers or names), same layout: enables ARI, NMI, AMI, homogeneity, completeness, V-measure, accuracy, purity"),
        new("silhouette-sample", "N", "silhouette on a seeded sample of N rows (scikit-learn's sample_size, random_state = --seed)"),
        new("seed", "S", "seed of the silhouette sample (default 0; the same as scikit-learn's random_state)"),
        new("out", "m.json", "where to write the metrics", Required: true),
    ], RunAsync);

    private static Task<int> RunAsync(ParsedArgs a, CancellationToken ct)
    {
        var table = CsvTable.Read(a.Require("x"));
        var x = table.Numeric(Enumerable.Range(0, table.Header.Count).ToList());
        var pred = SingleColumn(a.Require("pred"), x.Length);
        var truth = a.Get("true") is { } t ? SingleColumn(t, x.Length) : null;
        int? sample = a.Has("silhouette-sample") ? a.GetInt("silhouette-sample", 0, 2, int.MaxValue) : null;
        var metrics = MetricsReport.Compute(x, pred, truth, sample, (uint)a.GetInt("seed", 0, 0));
        var outPath = Path.GetFullPath(a.Require("out"));
        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        File.WriteAllText(outPath, JsonSerializer.Serialize(new { metrics = metrics.Values, undefined_metrics = metrics.Undefined, rows = x.Length },
            new JsonSerializerOptions { WriteIndented = true }));
        foreach (var (name, value) in metrics.Values) Console.WriteLine($"{name,-20} {value:0.000000}");
        foreach (var (name, why) in metrics.Undefined) Console.WriteLine($"{name,-20} undefined: {why}");
        Console.WriteLine($"[metrics] wrote {outPath}");
        return Task.FromResult(0);
    }

    private static int[] SingleColumn(string path, int rows)
    {
        var table = CsvTable.Read(path);
        if (table.Header.Count != 1) throw new UsageException($"{path}: expected one column of labels, found {table.Header.Count}");
        if (table.Rows.Count != rows) throw new UsageException($"{path}: {table.Rows.Count} labels for {rows} rows of features");
        return table.Labels(0, out _);
    }
}

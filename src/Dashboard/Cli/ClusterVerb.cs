using MusicDashboard.Core.Datasets;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MusicDashboard.Core.Clustering;
using MusicDashboard.Core.Metrics;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>Clusters the rows of any CSV with the same implementations the pipeline uses, and scores the result.</summary>
public static class ClusterVerb
{
    public static readonly IReadOnlyList<string> Methods = ["kmeans", "gmm", "agglomerative", "dbscan"];
    public static readonly IReadOnlyList<string> Scalings = ["standard", "minmax", "l2", "none"];
    public static readonly IReadOnlyList<string> Covariances = ["full", "diag", "tied", "spherical"];

    public static Verb Definition { get; } = new("cluster", "cluster the rows of a CSV and score the labelling (JSON out)",
    [
        new("csv", "X.csv", "input with a header row; numeric columns are the features", Required: true),
        new("out", "result.json", "where to write { labels, metrics } (labels in the CSV's row order)", Required: true),
        new("label-column", "NAME", "column of true labels (numbers or names): enables ARI, NMI, AMI, V-measure, accuracy, purity"),
        new("drop-columns", "A,B", "columns to ignore (ids, file names)"),
        new("method", "name", $"clustering method: {string.Join(" | ", Methods)} (default kmeans)"),
        new("k", "K", "number of clusters (default 10; not used by dbscan)"),
        new("n-init", "N", "restarts of kmeans / gmm; the best one is kept (default 10)"),
        new("covariance", "type", $"gmm covariance: {string.Join(" | ", Covariances)} (default full)"),
        new("reg-covar", "R", "gmm: added to covariance diagonals (default 1e-6)"),
        new("eps", "E", "dbscan: neighbourhood radius (default 0.5)"),
        new("min-samples", "M", "dbscan: points within eps, itself included, that make a core point (default 5)"),
        new("seed", "S", "random seed (default 0)"),
        new("scale", "name", $"feature scaling first: {string.Join(" | ", Scalings)} (default standard)"),
        new("silhouette-sample", "N", "silhouette on a seeded sample of N rows (scikit-learn's sample_size) for large inputs"),
        new("sweep", "A..B", "instead of one K, cluster for every K in A..B (e.g. 2..20) and write a table of scores per K"),
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

        var method = Choice(a, "method", Methods, "kmeans");
        var scale = Choice(a, "scale", Scalings, "standard");
        var covariance = Choice(a, "covariance", Covariances, "full");
        var settings = new ClusteringSettings
        {
            Method = method switch { "gmm" => ClusteringMethod.Gmm, "agglomerative" => ClusteringMethod.Agglomerative, "dbscan" => ClusteringMethod.Dbscan, _ => ClusteringMethod.KMeans },
            K = a.GetInt("k", 10, 1, 100000),
            NInit = a.GetInt("n-init", 10, 1, 10000),
            Covariance = Enum.Parse<CovarianceType>(covariance, ignoreCase: true),
            Scaling = scale switch { "minmax" => FeatureScaling.MinMax, "l2" => FeatureScaling.L2, "none" => FeatureScaling.None, _ => FeatureScaling.Standard },
            RegCovar = GetDouble(a, "reg-covar", 1e-6),
            Eps = GetDouble(a, "eps", 0.5),
            MinSamples = a.GetInt("min-samples", 5, 1, 100000),
        };
        var seed = a.GetInt("seed", 0, 0);
        int? sample = a.Has("silhouette-sample") ? a.GetInt("silhouette-sample", 0, 2, int.MaxValue) : null;
        var features = Clusterer.Scale(x, settings.Scaling);
        var output = new Dictionary<string, object?>
        {
            ["method"] = method,
            ["settings"] = settings.Label,
            ["scale"] = scale,
            ["rows"] = x.Length,
            ["features"] = featureColumns.Select(c => table.Header[c]).ToArray(),
        };

        if (a.Get("sweep") is { } sweep)
        {
            var (kMin, kMax) = ParseRange(sweep);
            IReadOnlyList<KSweepRow> rows;
            try { rows = KSweep.Run(features, settings, kMin, kMax, seed, sample, ct); }
            catch (ArgumentException e) { throw new UsageException($"cluster: {e.Message}"); }
            output["sweep"] = rows.Select(r => new Dictionary<string, object?>
            {
                ["k"] = r.K, ["clusters"] = r.Clusters, ["silhouette"] = r.Silhouette, ["davies_bouldin"] = r.DaviesBouldin,
                ["calinski_harabasz"] = r.CalinskiHarabasz, ["inertia"] = r.Inertia, ["bic"] = r.Bic, ["aic"] = r.Aic, ["seconds"] = r.Seconds,
            }).ToArray();
            Console.WriteLine(SweepTable(rows));
        }
        else
        {
            ClusterAssignment result;
            try { result = Clusterer.Fit(features, settings, seed, ct); }
            catch (ArgumentException e) { throw new UsageException($"cluster: {e.Message}"); }
            var metrics = MetricsReport.Compute(features, result.Labels, truth, sample, (uint)seed);
            output["labels"] = result.Labels;
            output["metrics"] = metrics.Values;
            output["undefined_metrics"] = metrics.Undefined;
            output["k"] = result.Labels.Where(l => l >= 0).Distinct().Count();
            if (result.Inertia is { } inertia) output["inertia"] = inertia;
            if (result.Bic is { } bic) { output["bic"] = bic; output["aic"] = result.Aic; output["log_likelihood"] = result.LogLikelihood; }
            if (settings.Method == ClusteringMethod.Dbscan) output["noise_points"] = result.NoiseCount;
            if (truth is not null)
            {
                var c = ClusteringMetrics.ContingencyTable(truth, result.Labels);
                output["contingency"] = new { classes = c.Classes, clusters = c.Clusters, counts = Enumerable.Range(0, c.Classes.Length).Select(r => Enumerable.Range(0, c.Clusters.Length).Select(k => c.Counts[r, k]).ToArray()).ToArray() };
            }
            Console.WriteLine($"[cluster] {settings.Label} on {x.Length} x {featureColumns.Count} ({scale}): " +
                string.Join(", ", metrics.Values.Select(p => $"{p.Key} {p.Value:0.0000}")));
        }
        var outPath = Path.GetFullPath(a.Require("out"));
        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        File.WriteAllText(outPath, JsonSerializer.Serialize(output, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"[cluster] wrote {outPath}");
        return Task.FromResult(0);
    }

    private static string Choice(ParsedArgs a, string option, IReadOnlyList<string> allowed, string fallback)
    {
        var value = a.Get(option) ?? fallback;
        return allowed.Contains(value) ? value : throw new UsageException($"cluster: unknown --{option} '{value}' (available: {string.Join(", ", allowed)})");
    }

    private static double GetDouble(ParsedArgs a, string option, double fallback)
    {
        var s = a.Get(option);
        if (s is null) return fallback;
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= 0
            ? v : throw new UsageException($"cluster: --{option} must be a non-negative number, got '{s}'");
    }

    private static (int Min, int Max) ParseRange(string s)
    {
        var parts = s.Split("..");
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var lo)
            && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var hi) && lo >= 2 && hi >= lo && hi <= 500)
            return (lo, hi);
        throw new UsageException($"cluster: --sweep must look like 2..20 (2 <= A <= B <= 500), got '{s}'");
    }

    private static string SweepTable(IReadOnlyList<KSweepRow> rows)
    {
        static string F(double? v, string format) => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "-";
        var sb = new StringBuilder();
        sb.AppendLine($"{"K",3} {"silhouette",11} {"davies_b.",10} {"calinski_h.",12} {"inertia",14} {"bic",14} {"seconds",8}");
        foreach (var r in rows)
            sb.AppendLine($"{r.K,3} {F(r.Silhouette, "0.0000"),11} {F(r.DaviesBouldin, "0.0000"),10} {F(r.CalinskiHarabasz, "0.0"),12} {F(r.Inertia, "0.0"),14} {F(r.Bic, "0.0"),14} {r.Seconds,8:0.00}");
        return sb.ToString().TrimEnd();
    }
}

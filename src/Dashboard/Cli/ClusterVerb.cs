using MusicDashboard.Core.Datasets;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MusicDashboard.Core.Clustering;
using MusicDashboard.Core.Clustering.Methods;
using MusicDashboard.Core.Metrics;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>Clusters the rows of any CSV with the same implementations the pipeline uses, and scores the result.</summary>
public static class ClusterVerb
{
    public static readonly IReadOnlyList<string> Scalings = ["standard", "minmax", "l2", "none"];

    public static Verb Definition { get; } = new("cluster", "cluster the rows of a CSV and score the labelling (JSON out)",
    [
        new("csv", "X.csv", "input with a header row; numeric columns are the features", Required: true),
        new("out", "result.json", "where to write { labels, metrics } (labels in the CSV's row order)", Required: true),
        new("label-column", "NAME", "column of true labels (numbers or names): enables ARI, NMI, AMI, V-measure, accuracy, purity"),
        new("drop-columns", "A,B", "columns to ignore (ids, file names)"),
        new("method", "name", $"clustering method: {string.Join(" | ", ClusteringMethods.All.Select(m => m.Id))} (default {ClusteringMethods.Default.Id})"),
        new("k", "K", $"number of clusters (default 10; not used by {string.Join(", ", ClusteringMethods.All.Where(m => !m.UsesK).Select(m => m.Id))})"),
        // Each method's parameters, from the registry (a key two methods share is one option).
        .. ClusteringMethods.AllParameters.Select(p => new VerbOption(p.Option, p.Choices is null ? (p.Integer ? "N" : "X") : "name", ParameterHelp(p.Key))),
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

        var methodId = a.Get("method") ?? ClusteringMethods.Default.Id;
        if (!ClusteringMethods.TryGet(methodId, out var method))
            throw new UsageException($"cluster: unknown --method '{methodId}' (available: {ClusteringMethods.Available})");
        var scale = Choice(a, "scale", Scalings, "standard");
        var settings = new ClusteringSettings
        {
            Method = method.Id,
            K = a.GetInt("k", 10, 1, 100000),
            Scaling = scale switch { "minmax" => FeatureScaling.MinMax, "l2" => FeatureScaling.L2, "none" => FeatureScaling.None, _ => FeatureScaling.Standard },
        };
        foreach (var p in ClusteringMethods.AllParameters.Where(p => a.Has(p.Option)))
        {
            if (!method.Parameters.Any(q => q.Key == p.Key))
                throw new UsageException($"cluster: --{p.Option} is not a parameter of {method.Id} (its parameters: {(method.Parameters.Count == 0 ? "none" : string.Join(", ", method.Parameters.Select(q => "--" + q.Option)))})");
            var text = a.Get(p.Option)!;
            if (!p.TryParse(text, out var value)) value = double.NaN;
            if (p.Problem(value) is { } problem) throw new UsageException($"cluster: --{p.Option} '{text}': {problem}");
            settings = settings.With(p.Key, value);
        }
        var seed = a.GetInt("seed", 0, 0);
        int? sample = a.Has("silhouette-sample") ? a.GetInt("silhouette-sample", 0, 2, int.MaxValue) : null;
        var features = Clusterer.Scale(x, settings.Scaling);
        var output = new Dictionary<string, object?>
        {
            ["method"] = method.Id,
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
            if (method.FindsNoise) output["noise_points"] = result.NoiseCount;
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

    /// <summary>"dbscan: points within eps ... (default 5); hdbscan: neighbours ... (default the value of --min-cluster-size)".</summary>
    private static string ParameterHelp(string key) => string.Join("; ", ClusteringMethods.All
        .SelectMany(m => m.Parameters.Where(p => p.Key == key).Select(p => (Method: m.Id, Parameter: p)))
        .GroupBy(t => t.Parameter)
        .Select(g => $"{string.Join(" / ", g.Select(t => t.Method))}: {g.Key.Describe()}"));

    private static string Choice(ParsedArgs a, string option, IReadOnlyList<string> allowed, string fallback)
    {
        var value = a.Get(option) ?? fallback;
        return allowed.Contains(value) ? value : throw new UsageException($"cluster: unknown --{option} '{value}' (available: {string.Join(", ", allowed)})");
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

using System.Text.Json.Serialization;

namespace MusicDashboard.Core.Metrics;

/// <summary>
/// One row of the study's Table 2: a representation (<see cref="Method"/>, <see cref="Input"/>), how it was clustered, the
/// intrinsic scores (always) and the extrinsic ones against true labels (only when the dataset has them; null otherwise,
/// never a made-up value). The one type of a metrics row from the scorer to the report, the database (a complex property
/// of <c>MetricRowEntity</c>), the live events (SignalR), the HTTP API and the pages; JSON uses the study's column names.
/// </summary>
public sealed record MetricsRow(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("input")] string Input,
    [property: JsonPropertyName("clustering")] string Clustering,
    [property: JsonPropertyName("k")] int K,
    [property: JsonPropertyName("silhouette")] double Silhouette,
    [property: JsonPropertyName("db")] double DaviesBouldin,
    [property: JsonPropertyName("ch")] double CalinskiHarabasz,
    [property: JsonPropertyName("ari")] double? Ari,
    [property: JsonPropertyName("nmi")] double? Nmi,
    [property: JsonPropertyName("purity")] double? Purity,
    [property: JsonPropertyName("seconds")] double Seconds)
{
    /// <summary>The unit of rows stored before units were recorded.</summary>
    public const string ClipsUnit = "clips";

    /// <summary>What the row was clustered and scored on: "tracks" (one row per track, the mean of its views) or "clips".</summary>
    [JsonPropertyName("unit"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Unit { get; init; }
    /// <summary>How many of them.</summary>
    [JsonPropertyName("units"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Units { get; init; }
    /// <summary>What the row lacks or why it exists beyond the study's table (e.g. "beyond the study"), shown beside it.</summary>
    [JsonPropertyName("note"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Note { get; init; }

    // Standard deviations over seeds (sample, n - 1; 0 for one seed); null for a single run, then not written nor stored.
    [JsonPropertyName("silhouette_std"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? SilhouetteStd { get; init; }
    [JsonPropertyName("db_std"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? DaviesBouldinStd { get; init; }
    [JsonPropertyName("ch_std"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? CalinskiHarabaszStd { get; init; }
    [JsonPropertyName("ari_std"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? AriStd { get; init; }
    [JsonPropertyName("nmi_std"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? NmiStd { get; init; }
    [JsonPropertyName("purity_std"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? PurityStd { get; init; }
    [JsonPropertyName("seconds_std"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? SecondsStd { get; init; }
    /// <summary>Seeds the mean and standard deviation are over; null for a single run.</summary>
    [JsonPropertyName("seeds"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<int>? Seeds { get; init; }

    /// <summary>Extrinsic scores beyond the paper's Table 2 (null without true labels): AMI (arithmetic), homogeneity,
    /// completeness, V-measure and Hungarian-matched cluster accuracy. Neither written to Table 2 nor stored.</summary>
    [JsonIgnore] public double? Ami { get; init; }
    [JsonIgnore] public double? Homogeneity { get; init; }
    [JsonIgnore] public double? Completeness { get; init; }
    [JsonIgnore] public double? VMeasure { get; init; }
    [JsonIgnore] public double? Accuracy { get; init; }

    /// <summary>The row as shown and served: rows stored before units were recorded were scored on clips.</summary>
    public MetricsRow WithDefaultUnit() => Unit is null ? this with { Unit = ClipsUnit } : this;

    /// <summary>
    /// Scores a clustering of <paramref name="x"/> into a row (<see cref="Seconds"/> 0: the caller times what it ran).
    /// Throws <see cref="ArgumentException"/> (sklearn's message) when the prediction has a single cluster or one cluster
    /// per point, where the intrinsic scores are undefined. DBSCAN's noise label (-1) is scored as one more cluster,
    /// exactly as scikit-learn's functions score such labels.
    /// </summary>
    public static MetricsRow Score(string method, string input, string clustering, int k, double[][] x, int[] predicted, int[]? truth)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        if (truth is not null && truth.Length != predicted.Length)
            throw new ArgumentException($"{predicted.Length} predicted labels but {truth.Length} true labels", nameof(truth));
        var silhouette = ClusteringMetrics.Silhouette(x, predicted);
        var db = ClusteringMetrics.DaviesBouldin(x, predicted);
        var ch = ClusteringMetrics.CalinskiHarabasz(x, predicted);
        if (truth is null) return new MetricsRow(method, input, clustering, k, silhouette, db, ch, null, null, null, 0);
        var (h, c, v) = ClusteringMetrics.HomogeneityCompletenessVMeasure(truth, predicted);
        return new MetricsRow(method, input, clustering, k, silhouette, db, ch,
            ClusteringMetrics.AdjustedRandIndex(truth, predicted),
            ClusteringMetrics.NormalizedMutualInfo(truth, predicted),
            ClusteringMetrics.Purity(truth, predicted), 0)
        {
            Ami = ClusteringMetrics.AdjustedMutualInfo(truth, predicted),
            Homogeneity = h,
            Completeness = c,
            VMeasure = v,
            Accuracy = ClusteringMetrics.ClusterAccuracy(truth, predicted),
        };
    }
}

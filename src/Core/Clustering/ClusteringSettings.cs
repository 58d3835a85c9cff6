using System.Collections.Immutable;
using System.Text.Json.Serialization;
using MusicDashboard.Core.Clustering.Methods;

namespace MusicDashboard.Core.Clustering;

/// <summary>
/// Settings of the clustering stage: the method (an id of <see cref="ClusteringMethods"/>), K, the scaling of raw
/// features, and the method's own parameters by key (<see cref="ClusteringParameter"/>; unset ones take their default).
/// The study uses K = 10 (GTZAN's genres) and raises K-Means' and the GMM's restarts to 10.
/// In JSON the parameters sit beside method and K, as they did when they were fields (<c>"nInit": 10, "eps": 0.5</c>),
/// so stored run configs keep loading (<see cref="ClusteringSettingsJsonConverter"/>).
/// </summary>
[JsonConverter(typeof(ClusteringSettingsJsonConverter))]
public sealed record ClusteringSettings
{
    private static readonly ImmutableSortedDictionary<string, double> NoParameters = ImmutableSortedDictionary.Create<string, double>(StringComparer.Ordinal);

    public string Method { get; init; } = KMeansMethod.MethodId;
    /// <summary>Clusters to find, for the methods that are told (<see cref="IClusteringMethod.UsesK"/>).</summary>
    public int K { get; init; } = 10;
    /// <summary>Scaling applied to the raw-feature representation right before clustering (the honest baseline:
    /// standardised). Latent means have their own setting in the run configuration (<c>latentScaling</c>, default none):
    /// standardising them inflates the VAE's collapsed, near-zero-variance dimensions (NMI 0.526 vs 0.567 on the demo
    /// corpus, docs/models.md).</summary>
    public FeatureScaling Scaling { get; init; } = FeatureScaling.Standard;
    /// <summary>Parameter values set explicitly, by <see cref="ClusteringParameter.Key"/>.</summary>
    public ImmutableSortedDictionary<string, double> Parameters { get; init; } = NoParameters;

    /// <summary>The registered method, or null for an unknown id (reported by <see cref="Problems"/>).</summary>
    [JsonIgnore]
    public IClusteringMethod? Info => ClusteringMethods.TryGet(Method, out var m) ? m : null;

    /// <summary>The value of a parameter: as set, else its default (or the value of the parameter its default follows).</summary>
    public double Value(ClusteringParameter parameter)
    {
        if (Parameters.TryGetValue(parameter.Key, out var v)) return v;
        if (parameter.DefaultKey is { } other && Info?.Parameters.FirstOrDefault(p => p.Key == other) is { } source) return Value(source);
        return parameter.Default;
    }

    /// <summary>A copy with one parameter set.</summary>
    public ClusteringSettings With(string key, double value) => this with { Parameters = Parameters.SetItem(key, value) };

    /// <summary>The method's parameters with their values, in the method's order (empty for an unknown method).</summary>
    public IEnumerable<(ClusteringParameter Parameter, double Value)> Values() =>
        (Info?.Parameters ?? []).Select(p => (p, Value(p)));

    /// <summary>Every problem with the field it concerns: "method", "k" or a parameter key.</summary>
    public IEnumerable<(string Field, string Message)> Problems()
    {
        if (Info is not { } method)
        {
            yield return ("method", $"unknown clustering method '{Method}' (available: {ClusteringMethods.Available})");
            yield break;
        }
        if (method.UsesK && K is < 2 or > 500) yield return ("k", "K must be between 2 and 500");
        foreach (var (p, value) in Values())
            if (p.Problem(value) is { } problem) yield return (p.Key, problem);
    }

    public IEnumerable<string> Validate() => Problems().Select(p => p.Message);

    /// <summary>Short name for tables: "KMeans", "GMM (full)", "Ward", "DBSCAN (eps 0.5, min 5)".</summary>
    public string Label => Info?.Label(this) ?? Method;

    /// <summary>The method's short name closing row names ("Raw MFCC + Ward").</summary>
    public string Name => Info?.Name ?? Method;

    /// <summary>"KMeans, K = 10, n_init 10": the label, K when used, and every parameter, for run summaries.</summary>
    public string Summary() =>
        string.Join(", ", new[] { Label }
            .Concat(Info?.UsesK == true ? [$"K = {K}"] : [])
            .Concat(Values().Select(v => $"{v.Parameter.Name} {v.Parameter.Format(v.Value)}")));

    /// <summary>Equal when they cluster the same way: method, K, scaling and the method's parameter values (a value
    /// left at its default equals the same value set explicitly; parameters of other methods do not count).</summary>
    public bool Equals(ClusteringSettings? other) =>
        other is not null && string.Equals(Method, other.Method, StringComparison.OrdinalIgnoreCase) && K == other.K && Scaling == other.Scaling &&
        (Info is null ? Parameters.SequenceEqual(other.Parameters) : Values().Select(v => v.Value).SequenceEqual(other.Values().Select(v => v.Value)));

    public override int GetHashCode() => HashCode.Combine(Method.ToLowerInvariant(), K, Scaling);
}

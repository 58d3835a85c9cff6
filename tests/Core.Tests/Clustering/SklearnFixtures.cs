using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MusicDashboard.Core.Tests.Clustering;

/// <summary>
/// The scikit-learn references in tests/fixtures/sklearn (made by make_sklearn_fixtures.py there). The folder is found
/// through the shared <see cref="TestPaths"/>, which uses the repository root baked into the build and falls back to
/// walking up from AppContext.BaseDirectory, so builds with an --artifacts-path outside the repository still find it.
/// </summary>
public static class SklearnFixtures
{
    public static readonly string[] Names = ["blobs_separated", "blobs_overlap", "aniso_unequal", "noncontiguous_labels"];

    private static readonly ConcurrentDictionary<string, SklearnDataset> Cache = new();

    public static SklearnDataset Load(string name) => Cache.GetOrAdd(name, n =>
        JsonSerializer.Deserialize<SklearnDataset>(File.ReadAllText(TestPaths.Fixture($"sklearn/{n}.json")))
        ?? throw new InvalidDataException($"fixture sklearn/{n}.json is empty"));

    /// <summary>xunit theory data: every (dataset, labelling) pair with sklearn's scores.</summary>
    public static TheoryData<string, string> Labelings()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Names)
            foreach (var l in Load(name).Labelings) data.Add(name, l.Name);
        return data;
    }

    public static ScalerEdgeCases LoadScalerEdgeCases() =>
        JsonSerializer.Deserialize<ScalerEdgeCases>(File.ReadAllText(TestPaths.Fixture("sklearn/scaler_edge_cases.json")))
        ?? throw new InvalidDataException("fixture sklearn/scaler_edge_cases.json is empty");

    public static TheoryData<string> Datasets()
    {
        var data = new TheoryData<string>();
        foreach (var name in Names) data.Add(name);
        return data;
    }
}

public sealed record SklearnDataset(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("n_clusters")] int NClusters,
    [property: JsonPropertyName("X")] double[][] X,
    [property: JsonPropertyName("truth")] int[] Truth,
    [property: JsonPropertyName("kmeans")] SklearnKMeans KMeans,
    [property: JsonPropertyName("kmeans_from_init")] SklearnKMeansFromInit KMeansFromInit,
    [property: JsonPropertyName("labelings")] SklearnLabeling[] Labelings,
    [property: JsonPropertyName("scaler")] SklearnScaler Scaler)
{
    public SklearnLabeling Labeling(string name) => Labelings.Single(l => l.Name == name);
}

public sealed record SklearnKMeans(
    [property: JsonPropertyName("labels")] int[] Labels,
    [property: JsonPropertyName("centers")] double[][] Centers,
    [property: JsonPropertyName("inertia")] double Inertia,
    [property: JsonPropertyName("n_iter")] int NIter,
    [property: JsonPropertyName("inertia_other_seeds")] double[] InertiaOtherSeeds);

public sealed record SklearnKMeansFromInit(
    [property: JsonPropertyName("init")] double[][] Init,
    [property: JsonPropertyName("labels")] int[] Labels,
    [property: JsonPropertyName("centers")] double[][] Centers,
    [property: JsonPropertyName("inertia")] double Inertia,
    [property: JsonPropertyName("n_iter")] int NIter);

/// <summary>A labelling of the dataset's X with sklearn's scores; the intrinsic ones are null where sklearn refuses them.</summary>
public sealed record SklearnLabeling(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("labels")] int[] Labels,
    [property: JsonPropertyName("silhouette")] double? Silhouette,
    [property: JsonPropertyName("davies_bouldin")] double? DaviesBouldin,
    [property: JsonPropertyName("calinski_harabasz")] double? CalinskiHarabasz,
    [property: JsonPropertyName("ari")] double Ari,
    [property: JsonPropertyName("nmi")] double Nmi,
    [property: JsonPropertyName("purity")] double Purity);

public sealed record SklearnScaler(
    [property: JsonPropertyName("mean")] double[] Mean,
    [property: JsonPropertyName("scale")] double[] Scale,
    [property: JsonPropertyName("transformed_head")] double[][] TransformedHead);

/// <summary>StandardScaler alone on awkward columns: constant, 1e4 + 1e-3 noise, 1e-3 noise, ordinary.</summary>
public sealed record ScalerEdgeCases(
    [property: JsonPropertyName("X")] double[][] X,
    [property: JsonPropertyName("mean")] double[] Mean,
    [property: JsonPropertyName("scale")] double[] Scale,
    [property: JsonPropertyName("transformed")] double[][] Transformed);

using System.Text.Json;
using System.Text.Json.Serialization;
using MusicDashboard.Core.Clustering;
using MusicDashboard.Core.Clustering.Methods;

namespace MusicDashboard.Core.Tests.Clustering;

/// <summary>The registry and the settings read through it: ids, labels, generated validation, and run configs stored
/// before the registry (the method an enum, its parameters fields) still loading.</summary>
public class ClusteringMethodsTests
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    [Fact]
    public void IdsAreUniqueAndTheOldEnumValuesAreKept()
    {
        var ids = ClusteringMethods.All.Select(m => m.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(["kMeans", "gmm", "agglomerative", "dbscan", "hdbscan"], ids);
        Assert.Same(ClusteringMethods.Get("gmm"), ClusteringMethods.Get("GMM"));
        Assert.Equal("kMeans", ClusteringMethods.Get("kmeans").Id);
        Assert.False(ClusteringMethods.TryGet("spectral", out _));
        Assert.Contains("available: kMeans, gmm", Assert.Throws<ArgumentException>(() => ClusteringMethods.Get("spectral")).Message);
    }

    [Fact]
    public void EveryDefaultIsValidAndEveryParameterRefusesOutOfRangeValuesInWords()
    {
        foreach (var method in ClusteringMethods.All)
        {
            var settings = new ClusteringSettings { Method = method.Id };
            Assert.Empty(settings.Problems());
            foreach (var p in method.Parameters)
            {
                Assert.Null(p.Problem(settings.Value(p)));
                var bad = p.Choices is not null ? p.Choices.Count : double.IsFinite(p.Min) ? p.Min - 1 : p.Max + 1;
                var problems = settings.With(p.Key, bad).Problems().ToList();
                var (field, message) = Assert.Single(problems);
                Assert.Equal(p.Key, field);
                Assert.StartsWith(p.Name + " must be ", message);
            }
        }
    }

    [Theory]
    [InlineData("kMeans", "KMeans", "KMeans")]
    [InlineData("gmm", "GMM (full)", "GMM")]
    [InlineData("agglomerative", "Ward", "Ward")]
    [InlineData("dbscan", "DBSCAN (eps 0.5, min 5)", "DBSCAN")]
    [InlineData("hdbscan", "HDBSCAN (min cluster 5)", "HDBSCAN")]
    public void LabelsAndNamesComeFromTheMethod(string id, string label, string name)
    {
        var s = new ClusteringSettings { Method = id };
        Assert.Equal(label, s.Label);
        Assert.Equal(name, s.Name);
    }

    [Fact]
    public void ValidationIsWorded()
    {
        var dbscan = new ClusteringSettings { Method = "dbscan", K = 1 };
        Assert.Empty(dbscan.Problems()); // K is not used by DBSCAN
        Assert.Equal(("eps", "eps must be a finite number > 0"), Assert.Single(dbscan.With("eps", 0).Problems()));
        Assert.Equal(("minSamples", "min_samples must be a whole number between 1 and 100000"), Assert.Single(dbscan.With("minSamples", 2.5).Problems()));
        Assert.Equal(("k", "K must be between 2 and 500"), Assert.Single(new ClusteringSettings { K = 1 }.Problems()));
        Assert.Equal("method", Assert.Single(new ClusteringSettings { Method = "spectral" }.Problems()).Field);
        Assert.Equal(("covariance", "covariance must be one of full, diag, tied, spherical"),
            Assert.Single(new ClusteringSettings { Method = "gmm" }.With("covariance", 7).Problems()));
    }

    [Fact]
    public void ConfigsStoredBeforeTheRegistryStillLoad()
    {
        // As RunConfig wrote ClusteringSettings when the method was an enum and every parameter a field.
        const string old = """{"method":"gmm","k":8,"nInit":3,"covariance":"diag","scaling":"minMax","regCovar":1E-05,"eps":0.5,"minSamples":5}""";
        var s = JsonSerializer.Deserialize<ClusteringSettings>(old, Options)!;
        Assert.Equal("gmm", s.Method);
        Assert.Equal(8, s.K);
        Assert.Equal(FeatureScaling.MinMax, s.Scaling);
        Assert.Equal(3, s.Value(KMeansMethod.NInit));
        Assert.Equal(1e-5, s.Value(GmmMethod.RegCovar));
        Assert.Equal("GMM (diag)", s.Label);
        var legacyNumber = JsonSerializer.Deserialize<ClusteringSettings>("""{"method":3,"eps":0.7}""", Options)!;
        Assert.Equal("DBSCAN (eps 0.7, min 5)", legacyNumber.Label);
        Assert.Equal("kMeans", JsonSerializer.Deserialize<ClusteringSettings>("""{"method":"KMeans"}""", Options)!.Method);

        // Written back flat, only the chosen method's parameters, with their values.
        var json = JsonSerializer.Serialize(s, Options);
        Assert.Equal("""{"method":"gmm","k":8,"scaling":"minMax","nInit":3,"covariance":"diag","regCovar":1E-05}""", json);
    }

    [Fact]
    public void EveryMethodRoundTripsAndStrictReadingNamesUnknownSettings()
    {
        foreach (var method in ClusteringMethods.All)
        {
            var s = new ClusteringSettings { Method = method.Id, K = 7 };
            foreach (var p in method.Parameters) s = s.With(p.Key, p.Choices is null ? Math.Min(p.Max, Math.Max(p.Min, 0) + 3) : 1);
            var back = JsonSerializer.Deserialize<ClusteringSettings>(JsonSerializer.Serialize(s, Options), Options)!;
            Assert.Equal(s, back);
            Assert.Equal(s.Label, back.Label);
        }
        var strict = new JsonSerializerOptions(Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ClusteringSettings>("""{"method":"dbscan","radius":1}""", strict));
        Assert.Contains("'radius' is not a clustering setting", e.Message);
        Assert.Equal("dbscan", JsonSerializer.Deserialize<ClusteringSettings>("""{"method":"dbscan","radius":1}""", Options)!.Method);
    }
}

using System.Text.Json;
using MusicDashboard.Core.Projections;
using MusicDashboard.Core.Projections.Methods;
using MusicDashboard.Core.Tests.Clustering;
using Xunit.Abstractions;

namespace MusicDashboard.Core.Tests.Projections;

/// <summary>UMAP against umap-learn 0.5.3 (tests/fixtures/umap/umap.json): a and b, the neighbours, sigmas and rhos
/// exact to float32 rounding; the embedding's quality (trustworthiness, kNN label agreement) within a margin of
/// umap-learn's own embedding, since coordinates of a stochastic optimisation are not comparable.</summary>
public class UmapTests(ITestOutputHelper output)
{
    private static readonly JsonElement Doc = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("umap/umap.json"))).RootElement;

    private static JsonElement Set(string name) => Doc.GetProperty("datasets").EnumerateArray().Single(d => d.GetProperty("name").GetString() == name);

    /// <summary>One fit per data set, shared by the tests.</summary>
    private static readonly Dictionary<string, Lazy<UmapResult>> Fits = new[] { "blobs_300x10", "swiss_roll_500", "digits_500" }
        .ToDictionary(n => n, n => new Lazy<UmapResult>(() => Umap.Fit(Set(n).GetProperty("X").Matrix(), new UmapOptions(Seed: 0))));

    [Fact]
    public void AbParamsAreUmapLearns()
    {
        foreach (var c in Doc.GetProperty("ab_params").EnumerateArray())
        {
            var (a, b) = Umap.FindAbParams(c.GetProperty("spread").GetDouble(), c.GetProperty("min_dist").GetDouble());
            FixtureJson.Close(c.GetProperty("a").GetDouble(), a, 1e-3, $"a for {c}");
            FixtureJson.Close(c.GetProperty("b").GetDouble(), b, 1e-3, $"b for {c}");
        }
    }

    [Theory]
    [InlineData("blobs_300x10")]
    [InlineData("swiss_roll_500")]
    [InlineData("digits_500")]
    public void SigmasAndRhosAreSmoothKnnDists(string name)
    {
        var set = Set(name);
        var k = Doc.GetProperty("n_neighbors").GetInt32();
        var dists = set.GetProperty("knn_dists").Matrix().SelectMany(r => r.Select(v => (float)v)).ToArray();
        var n = dists.Length / k;
        var (sigmas, rhos) = Umap.SmoothKnnDist(dists, n, k);
        var expectedSigmas = set.GetProperty("sigmas").Doubles();
        var expectedRhos = set.GetProperty("rhos").Doubles();
        for (var i = 0; i < n; i++)
        {
            FixtureJson.Close(expectedRhos[i], rhos[i], 1e-6, $"{name} rho[{i}]");
            Assert.True(Math.Abs(sigmas[i] - expectedSigmas[i]) <= 1e-4 * expectedSigmas[i], $"{name} sigma[{i}]: {sigmas[i]:R} vs umap-learn's {expectedSigmas[i]:R}");
        }
    }

    [Theory]
    [InlineData("blobs_300x10")]
    [InlineData("digits_500")]
    public void NeighboursAreUmapLearnsExactOnes(string name)
    {
        var set = Set(name);
        var k = Doc.GetProperty("n_neighbors").GetInt32();
        var (indices, distances) = Umap.Neighbours(set.GetProperty("X").Matrix(), k);
        var expected = set.GetProperty("knn_indices").EnumerateArray().Select(r => r.Ints()).ToArray();
        var expectedDist = set.GetProperty("knn_dists").Matrix();
        var differing = 0;
        for (var i = 0; i < expected.Length; i++)
            for (var t = 0; t < k; t++)
            {
                // umap-learn works on float32 data: an exact tie there may be ordered either way here.
                if (indices[i * k + t] != expected[i][t]) differing++;
                Assert.True(Math.Abs(distances[i * k + t] - expectedDist[i][t]) <= 1e-5 * Math.Max(1, expectedDist[i][t]), $"{name} distance [{i},{t}]");
            }
        Assert.True(differing <= expected.Length * k / 1000, $"{differing} neighbour indices differ from umap-learn's");
    }

    [Theory]
    [InlineData("blobs_300x10", UmapInit.Pca)]
    [InlineData("swiss_roll_500", UmapInit.Spectral)]
    [InlineData("digits_500", UmapInit.Spectral)]
    public void TrustworthinessMatchesUmapLearnsWithinAMargin(string name, UmapInit init)
    {
        var set = Set(name);
        var x = set.GetProperty("X").Matrix();
        var result = Fits[name].Value;
        Assert.Equal(init, result.Init);
        Assert.Equal(500, result.Epochs);
        var ours = Trustworthiness.Compute(x, result.Embedding, 10);
        var theirs = set.GetProperty("trustworthiness").Doubles();
        output.WriteLine($"{name}: trustworthiness ours {ours:0.0000}, umap-learn seeds 0-4 {string.Join(", ", theirs.Select(t => t.ToString("0.0000")))}");
        // Ours against umap-learn's seed-0 embedding; the fixture's five seeds show how far umap-learn itself moves.
        Assert.True(ours >= theirs[0] - 0.01, $"{name}: trustworthiness {ours:0.0000} vs umap-learn's {theirs[0]:0.0000} (seeds 0-4: {string.Join(", ", theirs.Select(t => t.ToString("0.0000")))})");
        // The fixture's own embedding gives umap-learn's figure through the project's Trustworthiness.
        Assert.Equal(theirs[0], Trustworthiness.Compute(x, set.GetProperty("embedding").Matrix(), 10), 4);
    }

    [Theory]
    [InlineData("blobs_300x10")]
    [InlineData("digits_500")]
    public void ClustersStaySeparated(string name)
    {
        var set = Set(name);
        var labels = set.GetProperty("labels").Ints();
        var ours = LabelAgreement(Fits[name].Value.Embedding, labels, 10);
        var theirs = LabelAgreement(set.GetProperty("embedding").Matrix(), labels, 10);
        output.WriteLine($"{name}: kNN label agreement ours {ours:0.000}, umap-learn {theirs:0.000}");
        Assert.True(ours >= theirs - 0.02, $"{name}: kNN label agreement {ours:0.000} vs umap-learn's {theirs:0.000}");
        if (name.StartsWith("blobs")) Assert.Equal(1.0, ours);
    }

    [Fact]
    public void SameSeedSameResultAndOtherSeedsDiffer()
    {
        var x = Set("swiss_roll_500").GetProperty("X").Matrix()[..200];
        var options = new UmapOptions(Seed: 7, NEpochs: 100);
        var first = Umap.Fit(x, options).Embedding;
        var second = Umap.Fit(x, options).Embedding;
        for (var i = 0; i < x.Length; i++) Assert.Equal(first[i], second[i]);
        var other = Umap.Fit(x, options with { Seed = 8 }).Embedding;
        Assert.Contains(Enumerable.Range(0, x.Length), i => first[i][0] != other[i][0]);
    }

    [Fact]
    public void Cancels()
    {
        var x = Set("digits_500").GetProperty("X").Matrix();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Umap.Fit(x, new UmapOptions(), cancelled.Token));
        // Cancelled while optimising (at epoch 50 of 500, from the progress callback: no clock involved): the next epoch
        // does not run.
        using var later = new CancellationTokenSource();
        var last = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => Umap.Fit(x, new UmapOptions(NEpochs: 500), later.Token, epoch =>
        {
            last = epoch;
            if (epoch == 50) later.Cancel();
        }));
        Assert.Equal(50, last);
    }

    [Fact]
    public void LargerSetsTakeTheIterativeSpectralStart()
    {
        // 1500 points of a noisy S-curve: above the dense eigen-solver's limit, so Lanczos gives the start.
        var rng = new Random(5);
        var x = Enumerable.Range(0, 1500).Select(_ =>
        {
            var t = 3 * Math.PI * (rng.NextDouble() - 0.5);
            return new[] { Math.Sin(t), 2 * rng.NextDouble(), Math.Sign(t) * (Math.Cos(t) - 1), 0.05 * rng.NextDouble(), 0.05 * rng.NextDouble() };
        }).ToArray();
        var result = Umap.Fit(x, new UmapOptions(Seed: 1));
        Assert.Equal(UmapInit.Spectral, result.Init);
        Assert.Equal(1, result.GraphComponents);
        var trust = Trustworthiness.Compute(x, result.Embedding, 10);
        output.WriteLine($"S-curve 1500: trustworthiness {trust:0.0000}");
        Assert.True(trust > 0.98, $"trustworthiness {trust:0.0000}");
    }

    [Fact]
    public void RejectsBadSettings()
    {
        var x = Set("blobs_300x10").GetProperty("X").Matrix();
        Assert.Contains("n_neighbors", Assert.Throws<ArgumentException>(() => Umap.Fit(x, new UmapOptions(NNeighbors: 1))).Message);
        Assert.Contains("min_dist", Assert.Throws<ArgumentException>(() => Umap.Fit(x, new UmapOptions(MinDist: 2))).Message);
        Assert.Contains("at least 5 points", Assert.Throws<ArgumentException>(() => Projector.Project(x[..4], UmapProjection.MethodId, 0)).Message);
        // Tiny sets truncate n_neighbors to n - 1, as umap-learn.
        Assert.Equal(2, Projector.Project(x[..8], UmapProjection.MethodId, 0)[0].Length);
    }

    /// <summary>The share of points whose k nearest neighbours in the embedding mostly carry their own label.</summary>
    private static double LabelAgreement(double[][] embedding, int[] labels, int k)
    {
        var agree = 0;
        for (var i = 0; i < embedding.Length; i++)
        {
            var nearest = Enumerable.Range(0, embedding.Length).Where(j => j != i)
                .OrderBy(j => Math.Pow(embedding[i][0] - embedding[j][0], 2) + Math.Pow(embedding[i][1] - embedding[j][1], 2)).ThenBy(j => j).Take(k);
            var majority = nearest.GroupBy(j => labels[j]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
            if (majority == labels[i]) agree++;
        }
        return agree / (double)embedding.Length;
    }
}

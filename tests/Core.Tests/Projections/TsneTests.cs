using MusicDashboard.Core.Projections;
using MusicDashboard.Core.Tests.Clustering;
using MusicDashboard.Core.Projections.Methods;

namespace MusicDashboard.Core.Tests.Projections;

/// <summary>t-SNE and trustworthiness against scikit-learn 1.2.1 (tests/fixtures/sklearn/tsne.json): P and
/// trustworthiness exact; the embedding's quality (trustworthiness, exact KL on the same P) within a margin of
/// sklearn's own embedding, since coordinates of a non-convex optimisation are not comparable.</summary>
public class TsneTests
{
    private static readonly System.Text.Json.JsonElement Doc = FixtureJson.Load("tsne");

    /// <summary>One fit shared by the tests (a few seconds each on a loaded machine).</summary>
    private static readonly Lazy<TsneResult> Fitted = new(() => Tsne.Fit(Doc.GetProperty("X").Matrix(), new TsneOptions()));

    [Fact]
    public void JointProbabilitiesAreSklearns()
    {
        var x = Doc.GetProperty("X").Matrix();
        var p = Tsne.Joint(x, 30);
        var reference = Doc.GetProperty("P");
        var rows = reference.GetProperty("row").Ints();
        var cols = reference.GetProperty("col").Ints();
        var vals = reference.GetProperty("val").Doubles();
        Assert.True(rows.Length > 1000);
        for (var t = 0; t < rows.Length; t++)
            Assert.True(Math.Abs(p[rows[t], cols[t]] - vals[t]) <= 1e-7 * vals[t], $"P[{rows[t]},{cols[t]}]: {p[rows[t], cols[t]]:R} vs scikit-learn's {vals[t]:R}");
        // Same sparsity on the compared rows: no extra entries.
        var ours = Enumerable.Range(0, 30).Sum(i => p.RowStart[i + 1] - p.RowStart[i]);
        Assert.Equal(rows.Length, ours);
    }

    [Fact]
    public void TrustworthinessIsSklearns()
    {
        var x = Doc.GetProperty("X").Matrix();
        var emb = Doc.GetProperty("embedding").Matrix();
        Assert.Equal(Doc.GetProperty("trustworthiness_sklearn_embedding").GetDouble(), Trustworthiness.Compute(x, emb, 10), 12);
        var firstTwo = x.Select(r => r[..2]).ToArray();
        Assert.Equal(Doc.GetProperty("trustworthiness_pca").GetDouble(), Trustworthiness.Compute(x, firstTwo, 10), 12);
        var e = Assert.Throws<ArgumentException>(() => Trustworthiness.Compute(x[..20], emb[..20], 10));
        Assert.Contains("should be less than n_samples / 2", e.Message);
    }

    [Fact]
    public void EmbeddingQualityMatchesSklearnsWithinAMargin()
    {
        var x = Doc.GetProperty("X").Matrix();
        var result = Fitted.Value;
        var sklearnEmbedding = Doc.GetProperty("embedding").Matrix();
        var p = Tsne.Joint(x, 30);
        var ourKl = Tsne.KlDivergenceExact(p, result.Embedding);
        var theirKl = Tsne.KlDivergenceExact(p, sklearnEmbedding);
        var ourTrust = Trustworthiness.Compute(x, result.Embedding, 10);
        var theirTrust = Doc.GetProperty("trustworthiness_sklearn_embedding").GetDouble();
        Assert.True(ourKl <= theirKl * 1.05 + 0.02, $"KL {ourKl:0.0000} vs scikit-learn's {theirKl:0.0000}");
        Assert.True(ourTrust >= theirTrust - 0.01, $"trustworthiness {ourTrust:0.0000} vs scikit-learn's {theirTrust:0.0000}");
        // The reported (Barnes-Hut) KL is close to the exact one, as sklearn's kl_divergence_ is to its exact value.
        Assert.True(Math.Abs(result.KlDivergence - ourKl) < 0.05 * ourKl + 0.02, $"reported KL {result.KlDivergence} vs exact {ourKl}");
    }

    [Fact]
    public void ProjectorReportsQuality()
    {
        var x = Doc.GetProperty("X").Matrix();
        var pca = Projector.ProjectWithQuality(x, PcaProjection.MethodId, 0);
        var tsne = Projector.ProjectWithQuality(x, TsneProjection.MethodId, 0);
        Assert.Null(pca.KlDivergence);
        Assert.NotNull(tsne.KlDivergence);
        Assert.True(tsne.Trustworthiness > pca.Trustworthiness, $"t-SNE {tsne.Trustworthiness} vs PCA {pca.Trustworthiness}");
        // The Projector's t-SNE is Tsne with sklearn's defaults, and deterministic: the same points as a separate fit.
        Assert.Equal(Fitted.Value.Embedding[7], tsne.Points[7]);
        Assert.Equal(2, Projector.Project(x[..12], TsneProjection.MethodId, 0)[0].Length);
    }
}

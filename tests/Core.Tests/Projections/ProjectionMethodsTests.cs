using MusicDashboard.Core.Projections;
using MusicDashboard.Core.Projections.Methods;

namespace MusicDashboard.Core.Tests.Projections;

/// <summary>The projection registry: ids stay the old enum's JSON values, lookups and the Projector go through it.</summary>
public class ProjectionMethodsTests
{
    [Fact]
    public void IdsAreTheStoredConfigValuesAndLookupIgnoresCase()
    {
        Assert.Equal(["pca", "tsne", "umap"], ProjectionMethods.All.Select(m => m.Id));
        Assert.Equal("t-SNE", ProjectionMethods.Get("Tsne").Label);
        Assert.Same(ProjectionMethods.Get("pca"), ProjectionMethods.Get("PCA"));
        Assert.Equal("UMAP", ProjectionMethods.Get("Umap").Label);
        Assert.False(ProjectionMethods.TryGet("isomap", out _));
        Assert.Contains("available: pca, tsne, umap", Assert.Throws<ArgumentException>(() => Projector.Project([[1.0, 2.0], [3.0, 4.0]], "isomap", 0)).Message);
    }

    [Fact]
    public void TheProjectorRunsTheRegisteredMethod()
    {
        var rng = new Random(2);
        var x = Enumerable.Range(0, 40).Select(_ => Enumerable.Range(0, 4).Select(_ => rng.NextDouble()).ToArray()).ToArray();
        Assert.Equal(Pca.Fit(x, 2).Transform(x), Projector.Project(x, "pca", 0));
        var tsne = Projector.ProjectWithQuality(x, "tsne", 3);
        Assert.Equal(Tsne.Fit(x, new TsneOptions(Perplexity: 13, Seed: 3)).Embedding, tsne.Points);
        Assert.NotNull(tsne.KlDivergence);
        Assert.Contains("at least 5 points", Assert.Throws<ArgumentException>(() => Projector.Project(x[..4], "tsne", 0)).Message);
        var umap = Projector.ProjectWithQuality(x, "umap", 3);
        Assert.Equal(Umap.Fit(x, new UmapOptions(Seed: 3)).Embedding, umap.Points);
        Assert.Null(umap.KlDivergence);
    }
}

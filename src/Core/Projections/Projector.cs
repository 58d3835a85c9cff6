namespace MusicDashboard.Core.Projections;

/// <summary>2-D projection methods for the latent view.</summary>
public enum ProjectionMethod { Pca }

/// <summary>The projection stage: rows to 2-D points for the scatter plots (deterministic for a seed).</summary>
public static class Projector
{
    public static double[][] Project(double[][] x, ProjectionMethod method, int seed, CancellationToken ct = default) => method switch
    {
        ProjectionMethod.Pca => Pca.Fit(x, 2).Transform(x),
        _ => throw new NotSupportedException($"projection {method} is not available in this build"),
    };
}

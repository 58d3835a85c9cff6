using MusicDashboard.Core.Projections.Methods;

namespace MusicDashboard.Core.Projections;

/// <summary>The projection stage: rows to 2-D points for the scatter plots (deterministic for a seed), with the
/// projection looked up in <see cref="ProjectionMethods"/> by id.</summary>
public static class Projector
{
    public static double[][] Project(double[][] x, string method, int seed, CancellationToken ct = default) =>
        ProjectionMethods.Get(method).Project(x, seed, ct).Points;

    /// <summary>Projects and measures trustworthiness (k = 10, as scikit-learn's trustworthiness).</summary>
    public static ProjectionResult ProjectWithQuality(double[][] x, string method, int seed, CancellationToken ct = default)
    {
        var (points, kl) = ProjectionMethods.Get(method).Project(x, seed, ct);
        double? trust = x.Length > 20 ? Trustworthiness.Compute(x, points, 10) : null;
        return new ProjectionResult(points, trust, kl);
    }
}

using MusicDashboard.Core.Registries;
namespace MusicDashboard.Core.Projections.Methods;

/// <summary>
/// A 2-D projection for the scatter plots, as the rest of the project sees it. One sealed class per projection in this
/// folder, listed once in <see cref="ProjectionMethods"/>: run configs, the pipeline, the form and the bench read it there.
/// </summary>
public interface IProjectionMethod : IRegistryEntry
{
    /// <summary>Name in menus and on plots ("PCA", "t-SNE").</summary>
    string Label { get; }
    /// <summary>One line on what it keeps and what it costs, for the form.</summary>
    string Help { get; }
    /// <summary>Rows to 2-D points (deterministic for a seed), with t-SNE's final KL divergence where there is one.</summary>
    (double[][] Points, double? KlDivergence) Project(double[][] x, int seed, CancellationToken ct);
}

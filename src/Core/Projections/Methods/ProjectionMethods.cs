namespace MusicDashboard.Core.Projections.Methods;

/// <summary>The registry of 2-D projections: the one list run configs, the pipeline and the form read. Add a projection
/// by writing its class in this folder and listing it here.</summary>
public static class ProjectionMethods
{
    public static IReadOnlyList<IProjectionMethod> All { get; } = [new PcaProjection(), new TsneProjection()];

    /// <summary>The projection with this id, any case ("Pca" finds "pca", as configs stored from the old enum may).</summary>
    public static bool TryGet(string? id, out IProjectionMethod method)
    {
        method = All.FirstOrDefault(m => string.Equals(m.Id, id?.Trim(), StringComparison.OrdinalIgnoreCase))!;
        return method is not null;
    }

    public static IProjectionMethod Get(string? id) => TryGet(id, out var method)
        ? method
        : throw new ArgumentException($"unknown projection '{id}' (available: {Available})", nameof(id));

    /// <summary>"pca, tsne".</summary>
    public static string Available => string.Join(", ", All.Select(m => m.Id));
}

using MusicDashboard.Core.Registries;

namespace MusicDashboard.Core.Projections.Methods;

/// <summary>The registry of 2-D projections: the one list run configs, the pipeline and the form read. Add a projection
/// by writing its class in this folder and listing it here.</summary>
public static class ProjectionMethods
{
    private static readonly Registry<IProjectionMethod> Entries = new("projection", [new PcaProjection(), new TsneProjection(), new UmapProjection()]);

    public static IReadOnlyList<IProjectionMethod> All => Entries.All;

    /// <summary>The projection with this id, any case ("Pca" finds "pca", as configs stored from the old enum may).</summary>
    public static bool TryGet(string? id, out IProjectionMethod method) => Entries.TryGet(id, out method);

    public static IProjectionMethod Get(string? id) => Entries.Get(id);

    /// <summary>"pca, tsne, umap".</summary>
    public static string Available => Entries.Available;
}

namespace MusicDashboard.Core.Projections;

/// <summary>
/// UMAP's fuzzy simplicial set as a symmetric sparse matrix in CSR form (columns ascending in each row), with the
/// per-point bandwidths (sigma) and distances to the nearest non-identical neighbour (rho) that made it. Weights are
/// float32, as umap-learn's.
/// </summary>
public sealed record UmapGraph(int N, int[] RowStart, int[] Columns, float[] Values, float[] Sigmas, float[] Rhos)
{
    /// <summary>The weight of edge (i, j), 0 when absent.</summary>
    public float this[int i, int j]
    {
        get
        {
            var idx = Array.BinarySearch(Columns, RowStart[i], RowStart[i + 1] - RowStart[i], j);
            return idx >= 0 ? Values[idx] : 0f;
        }
    }
}

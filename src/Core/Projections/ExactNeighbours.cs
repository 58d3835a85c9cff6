using MusicDashboard.Core.Runtime;
using TorchSharp;

namespace MusicDashboard.Core.Projections;

/// <summary>
/// Exact k-nearest neighbours (Euclidean), each point first with distance 0 as in umap-learn's graphs. Candidates come
/// from squared distances |x|^2 + |y|^2 - 2 x.y of the centred data by a float32 torch matmul over blocks of rows
/// (memory bounded by <see cref="BlockEntries"/> floats per block), <see cref="ExtraCandidates"/> more than needed;
/// their distances are then recomputed from coordinate differences in double precision and ordered by (distance,
/// index), so neither float32 rounding nor the cancellation of the matmul form can reorder close neighbours (a true
/// neighbour is only missed if float32 error exceeds the gap to the 10th point beyond the k-th).
/// </summary>
internal static class ExactNeighbours
{
    /// <summary>Entries of the distance block held at once: 4M floats, 16 MB.</summary>
    private const int BlockEntries = 1 << 22;
    private const int ExtraCandidates = 10;

    /// <summary>Row-major n x k indices and float32 distances (umap-learn casts its kNN distances to float32).</summary>
    public static (int[] Indices, float[] Distances) Compute(double[][] x, int k, CancellationToken ct)
    {
        var n = x.Length;
        var d = x[0].Length;
        if (k < 1 || k > n) throw new ArgumentException($"cannot take {k} neighbours of {n} points", nameof(k));
        // Centred: smaller norms, less cancellation in the matmul form.
        var mean = new double[d];
        foreach (var row in x) for (var j = 0; j < d; j++) mean[j] += row[j] / n;
        var flat = new double[n * d];
        for (var i = 0; i < n; i++) for (var j = 0; j < d; j++) flat[i * d + j] = x[i][j] - mean[j];

        var indices = new int[n * k];
        var distances = new float[n * k];
        var candidates = Math.Min(n - 1, k - 1 + ExtraCandidates);
        var block = Math.Max(1, BlockEntries / n);
        _ = TorchRuntime.Device;
        using (var scope = torch.NewDisposeScope())
        {
            var all = torch.tensor(flat, [n, d], dtype: torch.float64, device: torch.CPU).to(torch.float32);
            var norms = (all * all).sum(1);
            for (var start = 0; start < n; start += block)
            {
                ct.ThrowIfCancellationRequested();
                var end = Math.Min(n, start + block);
                using var inner = torch.NewDisposeScope();
                var rows = all.narrow(0, start, end - start);
                var sq = torch.addmm(norms.unsqueeze(0), rows, all.t(), beta: 1, alpha: -2).add_(norms.narrow(0, start, end - start).unsqueeze(1));
                // A point is its own first neighbour whatever the rounding says.
                var self = torch.arange(start, end, dtype: torch.int64);
                sq.index_put_(float.PositiveInfinity, torch.arange(0, end - start, dtype: torch.int64), self);
                var found = candidates > 0 ? sq.topk(candidates, dim: 1, largest: false, sorted: false).indexes.contiguous().data<long>().ToArray() : [];
                Refine(flat, d, start, end, k, candidates, found, indices, distances);
            }
        }
        return (indices, distances);
    }

    private static void Refine(double[] flat, int d, int start, int end, int k, int candidates, long[] found, int[] indices, float[] distances)
    {
        Clustering.Chunks.For(end - start, (from, to) =>
        {
            var dist = new double[candidates];
            var idx = new int[candidates];
            var order = new int[candidates];
            for (var r = from; r < to; r++)
            {
                var i = start + r;
                for (var c = 0; c < candidates; c++)
                {
                    order[c] = c;
                    var j = (int)found[r * candidates + c];
                    idx[c] = j;
                    dist[c] = Clustering.Euclid.Squared(flat.AsSpan(i * d, d), flat.AsSpan(j * d, d));
                }
                Array.Sort(order, (a, b) => dist[a] != dist[b] ? dist[a].CompareTo(dist[b]) : idx[a].CompareTo(idx[b]));
                indices[i * k] = i;
                distances[i * k] = 0f;
                for (var t = 1; t < k; t++)
                {
                    indices[i * k + t] = idx[order[t - 1]];
                    distances[i * k + t] = (float)Math.Sqrt(dist[order[t - 1]]);
                }
            }
        });
    }
}

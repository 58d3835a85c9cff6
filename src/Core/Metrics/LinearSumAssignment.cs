namespace MusicDashboard.Core.Metrics;

/// <summary>
/// The linear assignment problem (Hungarian matching), as scipy's <c>linear_sum_assignment</c>: for an R x C cost matrix,
/// min(R, C) pairs (row, column), each row and column used at most once, with the least (or, with maximize, the
/// largest) total. Shortest augmenting paths with dual potentials (the Jonker-Volgenant family scipy uses), O(R^2 C).
/// Rows come back in ascending order, as scipy returns them.
/// </summary>
public static class LinearSumAssignment
{
    public static (int[] Rows, int[] Cols) Solve(double[,] cost, bool maximize = false)
    {
        ArgumentNullException.ThrowIfNull(cost);
        int rows = cost.GetLength(0), cols = cost.GetLength(1);
        foreach (var entry in cost)
            if (!double.IsFinite(entry)) throw new ArgumentException("cost matrix contains invalid numeric entries (NaN or infinity)", nameof(cost));
        if (rows == 0 || cols == 0) return ([], []);
        var transpose = rows > cols;
        int n = transpose ? cols : rows, m = transpose ? rows : cols;
        double A(int i, int j)
        {
            var v = transpose ? cost[j, i] : cost[i, j];
            return maximize ? -v : v;
        }

        // 1-based potentials and matches; p[j] = row matched to column j (0 = none).
        var u = new double[n + 1];
        var v = new double[m + 1];
        var p = new int[m + 1];
        var way = new int[m + 1];
        var minv = new double[m + 1];
        var used = new bool[m + 1];
        for (var i = 1; i <= n; i++)
        {
            p[0] = i;
            var j0 = 0;
            Array.Fill(minv, double.PositiveInfinity);
            Array.Clear(used);
            do
            {
                used[j0] = true;
                int i0 = p[j0], j1 = 0;
                var delta = double.PositiveInfinity;
                for (var j = 1; j <= m; j++)
                {
                    if (used[j]) continue;
                    var cur = A(i0 - 1, j - 1) - u[i0] - v[j];
                    if (cur < minv[j]) { minv[j] = cur; way[j] = j0; }
                    if (minv[j] < delta) { delta = minv[j]; j1 = j; }
                }
                for (var j = 0; j <= m; j++)
                {
                    if (used[j]) { u[p[j]] += delta; v[j] -= delta; }
                    else minv[j] -= delta;
                }
                j0 = j1;
            } while (p[j0] != 0);
            do
            {
                var j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }

        var pairs = new List<(int R, int C)>(n);
        for (var j = 1; j <= m; j++)
            if (p[j] != 0) pairs.Add(transpose ? (j - 1, p[j] - 1) : (p[j] - 1, j - 1));
        pairs.Sort((a, b) => a.R.CompareTo(b.R));
        return (pairs.Select(x => x.R).ToArray(), pairs.Select(x => x.C).ToArray());
    }
}

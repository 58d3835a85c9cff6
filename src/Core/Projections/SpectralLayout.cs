namespace MusicDashboard.Core.Projections;

/// <summary>
/// umap-learn's spectral_layout for a connected graph: the eigenvectors of the normalised Laplacian
/// I - D^-1/2 W D^-1/2 for its second and third smallest eigenvalues, i.e. of the normalised adjacency
/// M = D^-1/2 W D^-1/2 for its second and third largest. Up to <see cref="DenseLimit"/> points M is decomposed densely
/// (LAPACK syevd through torch); above, by Lanczos with full re-orthogonalisation on M restricted to the complement of
/// its known top eigenvector D^1/2 1, from umap's start vector (all ones), restarted from the wanted Ritz vectors until
/// their residuals are below umap's ARPACK tolerance 1e-4 (at most <see cref="MaxRestarts"/> restarts; the last Ritz
/// vectors are used either way, this is only the optimisation's starting point). Deterministic: no random numbers.
/// </summary>
internal static class SpectralLayout
{
    private const int DenseLimit = 600;
    private const int MaxRestarts = 12;
    private const double Tolerance = 1e-4;

    /// <summary>n x dim coordinates, row-major. The graph must be connected (one component).</summary>
    public static double[] Compute(UmapGraph graph, int dim, CancellationToken ct)
    {
        var n = graph.N;
        var scale = new double[n];
        for (var i = 0; i < n; i++)
        {
            double deg = 0;
            for (var t = graph.RowStart[i]; t < graph.RowStart[i + 1]; t++) deg += graph.Values[t];
            scale[i] = 1 / Math.Sqrt(deg);
        }
        return n <= DenseLimit ? Dense(graph, scale, dim) : Lanczos(graph, scale, dim, ct);
    }

    private static double[] Dense(UmapGraph graph, double[] scale, int dim)
    {
        var n = graph.N;
        var m = new double[n, n];
        for (var i = 0; i < n; i++)
            for (var t = graph.RowStart[i]; t < graph.RowStart[i + 1]; t++)
                m[i, graph.Columns[t]] = scale[i] * graph.Values[t] * scale[graph.Columns[t]];
        var (_, vectors) = Pca.SymmetricEigen(m); // ascending: the largest is the trivial D^1/2 1
        var result = new double[n * dim];
        for (var c = 0; c < dim; c++)
            for (var i = 0; i < n; i++) result[i * dim + c] = vectors[i, n - 2 - c];
        return result;
    }

    private static double[] Lanczos(UmapGraph graph, double[] scale, int dim, CancellationToken ct)
    {
        var n = graph.N;
        // The known top eigenvector of M (eigenvalue 1): D^1/2 1, normalised.
        var top = new double[n];
        for (var i = 0; i < n; i++) top[i] = 1 / scale[i];
        Normalise(top);
        var steps = Math.Min(n - 2, Math.Max(4 * dim + 40, 2 * (int)Math.Sqrt(n)));
        var start = Enumerable.Repeat(1.0, n).ToArray();
        double[][] ritz = [];
        for (var restart = 0; restart <= MaxRestarts; restart++)
        {
            ct.ThrowIfCancellationRequested();
            var (vectors, residuals) = Run(graph, scale, top, start, steps, dim, ct);
            ritz = vectors;
            if (residuals.All(r => r <= Tolerance)) break;
            // Restart from the wanted Ritz vectors together (their sum keeps both directions in the next Krylov space).
            start = new double[n];
            foreach (var v in ritz) for (var i = 0; i < n; i++) start[i] += v[i];
        }
        var result = new double[n * dim];
        for (var c = 0; c < dim; c++)
            for (var i = 0; i < n; i++) result[i * dim + c] = ritz[c][i];
        return result;
    }

    /// <summary>One Lanczos pass of at most <paramref name="steps"/> steps; the <paramref name="dim"/> largest Ritz
    /// vectors and their residual norms |beta_m s_m|.</summary>
    private static (double[][] Vectors, double[] Residuals) Run(UmapGraph graph, double[] scale, double[] top, double[] start, int steps, int dim, CancellationToken ct)
    {
        var n = graph.N;
        var basis = new List<double[]>();
        var alpha = new List<double>();
        var beta = new List<double>();
        var q = (double[])start.Clone();
        Orthogonalise(q, top, basis);
        Normalise(q);
        double lastBeta = 0;
        for (var j = 0; j < steps; j++)
        {
            ct.ThrowIfCancellationRequested();
            basis.Add(q);
            var w = Multiply(graph, scale, q);
            alpha.Add(Dot(w, q));
            Orthogonalise(w, top, basis);
            Orthogonalise(w, top, basis); // twice is enough (Kahan-Parlett)
            lastBeta = Math.Sqrt(Dot(w, w));
            if (lastBeta < 1e-10 || j == steps - 1) break;
            beta.Add(lastBeta);
            for (var i = 0; i < n; i++) w[i] /= lastBeta;
            q = w;
        }
        var m = basis.Count;
        var t = new double[m, m];
        for (var i = 0; i < m; i++)
        {
            t[i, i] = alpha[i];
            if (i + 1 < m) t[i, i + 1] = t[i + 1, i] = beta[i];
        }
        var (_, s) = Pca.SymmetricEigen(t); // ascending
        var vectors = new double[dim][];
        var residuals = new double[dim];
        for (var c = 0; c < dim; c++)
        {
            var col = m - 1 - c;
            var v = new double[n];
            for (var k = 0; k < m; k++)
            {
                var coef = s[k, col];
                var b = basis[k];
                for (var i = 0; i < n; i++) v[i] += coef * b[i];
            }
            vectors[c] = v;
            residuals[c] = Math.Abs(lastBeta * s[m - 1, col]);
        }
        return (vectors, residuals);
    }

    private static double[] Multiply(UmapGraph graph, double[] scale, double[] v)
    {
        var result = new double[graph.N];
        Clustering.Chunks.For(graph.N, (from, to) =>
        {
            for (var i = from; i < to; i++)
            {
                double s = 0;
                for (var t = graph.RowStart[i]; t < graph.RowStart[i + 1]; t++) s += graph.Values[t] * scale[graph.Columns[t]] * v[graph.Columns[t]];
                result[i] = scale[i] * s;
            }
        });
        return result;
    }

    private static void Orthogonalise(double[] w, double[] top, List<double[]> basis)
    {
        Subtract(w, top);
        foreach (var b in basis) Subtract(w, b);
    }

    private static void Subtract(double[] w, double[] unit)
    {
        var p = Dot(w, unit);
        for (var i = 0; i < w.Length; i++) w[i] -= p * unit[i];
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static void Normalise(double[] v)
    {
        var norm = Math.Sqrt(Dot(v, v));
        for (var i = 0; i < v.Length; i++) v[i] /= norm;
    }
}

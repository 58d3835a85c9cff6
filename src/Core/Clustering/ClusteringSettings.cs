namespace MusicDashboard.Core.Clustering;

/// <summary>How a representation (raw features or latent means) is clustered. Every choice is recorded with the run.</summary>
public enum ClusteringMethod { KMeans, Gmm, Agglomerative, Dbscan }

/// <summary>Covariance structure of a Gaussian mixture, as scikit-learn's <c>covariance_type</c>.</summary>
public enum CovarianceType { Full, Diag, Tied, Spherical }

/// <summary>The explicit scaling step applied to a representation before it is clustered.</summary>
public enum FeatureScaling { Standard, None, MinMax, L2 }

/// <summary>
/// Settings of the clustering stage. The study uses K = 10 (GTZAN's genres); K-Means restarts and GMM settings are
/// scikit-learn's defaults except <see cref="NInit"/>, which is raised to 10 for both methods.
/// </summary>
public sealed record ClusteringSettings
{
    public ClusteringMethod Method { get; init; } = ClusteringMethod.KMeans;
    public int K { get; init; } = 10;
    /// <summary>Restarts; the best (lowest inertia / highest likelihood) wins.</summary>
    public int NInit { get; init; } = 10;
    public CovarianceType Covariance { get; init; } = CovarianceType.Full;
    /// <summary>Scaling applied to the raw-feature representation right before clustering (the honest baseline:
    /// standardised). Latent means have their own setting in the run configuration (<c>latentScaling</c>, default none):
    /// standardising them inflates the VAE's collapsed, near-zero-variance dimensions (NMI 0.526 vs 0.567 on the demo
    /// corpus, docs/models.md).</summary>
    public FeatureScaling Scaling { get; init; } = FeatureScaling.Standard;
    /// <summary>GMM only: added to the covariance diagonals (sklearn's reg_covar).</summary>
    public double RegCovar { get; init; } = 1e-6;
    /// <summary>DBSCAN only: neighbourhood radius (sklearn's eps, default 0.5). K is not used by DBSCAN.</summary>
    public double Eps { get; init; } = 0.5;
    /// <summary>DBSCAN only: points within Eps (the point itself included) that make a core point (sklearn's min_samples).</summary>
    public int MinSamples { get; init; } = 5;

    public IEnumerable<string> Validate()
    {
        if (Method != ClusteringMethod.Dbscan && K is < 2 or > 500) yield return "K must be between 2 and 500";
        if (NInit is < 1 or > 1000) yield return "restarts must be between 1 and 1000";
        if (!double.IsFinite(RegCovar) || RegCovar < 0) yield return "reg_covar must be a finite number >= 0";
        if (!double.IsFinite(Eps) || Eps <= 0) yield return "eps must be a finite number > 0";
        if (MinSamples is < 1 or > 100000) yield return "min_samples must be between 1 and 100000";
    }

    /// <summary>Short name for tables: "KMeans", "GMM (full)", "Ward", "DBSCAN (eps 0.5, min 5)".</summary>
    public string Label => Method switch
    {
        ClusteringMethod.Gmm => $"GMM ({Covariance.ToString().ToLowerInvariant()})",
        ClusteringMethod.Agglomerative => "Ward",
        ClusteringMethod.Dbscan => FormattableString.Invariant($"DBSCAN (eps {Eps}, min {MinSamples})"),
        _ => "KMeans",
    };
}

/// <summary>
/// A clustering: one label per row (0..K-1; DBSCAN marks noise points -1). GMM fills the mean log-likelihood and BIC/AIC.
/// </summary>
public sealed record ClusterAssignment(int[] Labels, ClusteringSettings Settings, double? LogLikelihood = null, double? Bic = null, double? Aic = null)
{
    /// <summary>K-Means only: summed squared distance of the points to their centres.</summary>
    public double? Inertia { get; init; }

    /// <summary>Points DBSCAN left as noise (label -1); 0 for the other methods.</summary>
    public int NoiseCount => Labels.Count(l => l < 0);
}

/// <summary>The clustering stage: scales rows as configured, then clusters them with the configured method.</summary>
public static class Clusterer
{
    public static double[][] Scale(double[][] x, FeatureScaling scaling) => scaling switch
    {
        FeatureScaling.Standard => StandardScaler.Fit(x).Transform(x),
        FeatureScaling.None => x,
        FeatureScaling.MinMax => MinMaxScaler.Fit(x).Transform(x),
        FeatureScaling.L2 => Normalizer.Transform(x),
        _ => throw new ArgumentOutOfRangeException(nameof(scaling), scaling, "unknown scaling"),
    };

    /// <summary>Clusters the already-scaled rows <paramref name="x"/>.</summary>
    public static ClusterAssignment Fit(double[][] x, ClusteringSettings settings, int seed, CancellationToken ct = default)
    {
        var problems = settings.Validate().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(settings));
        return settings.Method switch
        {
            ClusteringMethod.KMeans => FitKMeans(x, settings, seed, ct),
            ClusteringMethod.Gmm => FitGmm(x, settings, seed, ct),
            ClusteringMethod.Agglomerative => new ClusterAssignment(Agglomerative.Ward(x, settings.K, ct), settings),
            ClusteringMethod.Dbscan => FitDbscan(x, settings, ct),
            _ => throw new NotSupportedException($"clustering method {settings.Method} is not available in this build"),
        };
    }

    /// <summary>DBSCAN with a useless outcome (everything noise, or one group) is an error naming the settings to change,
    /// rather than a labelling every metric would refuse further down the run.</summary>
    private static ClusterAssignment FitDbscan(double[][] x, ClusteringSettings settings, CancellationToken ct)
    {
        var labels = Dbscan.Fit(x, settings.Eps, settings.MinSamples, ct);
        var groups = labels.Distinct().Count();
        if (groups < 2)
            throw new ArgumentException(FormattableString.Invariant(
                $"DBSCAN with eps {settings.Eps} and min_samples {settings.MinSamples} put all {x.Length} points in one group ({(labels[0] < 0 ? "all noise: increase eps or lower min_samples" : "one cluster: decrease eps")})"), nameof(settings));
        return new ClusterAssignment(labels, settings);
    }

    private static ClusterAssignment FitKMeans(double[][] x, ClusteringSettings settings, int seed, CancellationToken ct)
    {
        var km = KMeans.Fit(x, new KMeansOptions(K: settings.K, NInit: settings.NInit, Seed: seed), ct);
        return new ClusterAssignment(km.Labels, settings) { Inertia = km.Inertia };
    }

    private static ClusterAssignment FitGmm(double[][] x, ClusteringSettings settings, int seed, CancellationToken ct)
    {
        var gmm = GaussianMixture.Fit(x, new GmmOptions(K: settings.K, Covariance: settings.Covariance, RegCovar: settings.RegCovar,
            NInit: settings.NInit, Seed: seed), ct);
        var score = gmm.Model.Score(x);
        return new ClusterAssignment(gmm.Labels, settings, score, GmmModel.Bic(score, x.Length, gmm.Model.ParameterCount),
            GmmModel.Aic(score, x.Length, gmm.Model.ParameterCount));
    }
}

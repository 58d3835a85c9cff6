namespace MusicDashboard.Core.Clustering;

/// <summary>How a representation (raw features or latent means) is clustered. Every choice is recorded with the run.</summary>
public enum ClusteringMethod { KMeans, Gmm }

/// <summary>Covariance structure of a Gaussian mixture, as scikit-learn's <c>covariance_type</c>.</summary>
public enum CovarianceType { Full, Diag, Tied, Spherical }

/// <summary>The explicit scaling step applied to a representation before it is clustered.</summary>
public enum FeatureScaling { Standard, None }

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
    /// <summary>Scaling applied to the representation right before clustering. Default none: raw features are already
    /// standardised as model input, and standardising latent means would blow the VAE's collapsed (uninformative, near
    /// zero-variance) dimensions up to unit variance. Measured on the demo corpus, seeds 0-2: MLP-VAE latent NMI 0.513
    /// standardised vs 0.574 unscaled.</summary>
    public FeatureScaling Scaling { get; init; } = FeatureScaling.None;

    public IEnumerable<string> Validate()
    {
        if (K is < 2 or > 500) yield return "K must be between 2 and 500";
        if (NInit is < 1 or > 1000) yield return "restarts must be between 1 and 1000";
    }

    /// <summary>Short name for tables: "KMeans", "GMM (full)".</summary>
    public string Label => Method == ClusteringMethod.Gmm ? $"GMM ({Covariance.ToString().ToLowerInvariant()})" : "KMeans";
}

/// <summary>A clustering: one label per row (0..K-1).</summary>
public sealed record ClusterAssignment(int[] Labels, ClusteringSettings Settings);

/// <summary>The clustering stage: scales rows as configured, then clusters them with the configured method.</summary>
public static class Clusterer
{
    public static double[][] Scale(double[][] x, FeatureScaling scaling) => scaling switch
    {
        FeatureScaling.Standard => StandardScaler.Fit(x).Transform(x),
        FeatureScaling.None => x,
        _ => throw new ArgumentOutOfRangeException(nameof(scaling), scaling, "unknown scaling"),
    };

    /// <summary>Clusters the already-scaled rows <paramref name="x"/>.</summary>
    public static ClusterAssignment Fit(double[][] x, ClusteringSettings settings, int seed, CancellationToken ct = default)
    {
        var problems = settings.Validate().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(settings));
        return settings.Method switch
        {
            ClusteringMethod.KMeans => new ClusterAssignment(
                KMeans.Fit(x, new KMeansOptions(K: settings.K, NInit: settings.NInit, Seed: seed), ct).Labels, settings),
            _ => throw new NotSupportedException($"clustering method {settings.Method} is not available in this build"),
        };
    }
}

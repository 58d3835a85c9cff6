namespace MusicDashboard.Core.Clustering.Methods;

/// <summary>Gaussian mixture (<see cref="GaussianMixture"/>, scikit-learn's EM), best of n_init restarts by likelihood;
/// fills the mean log-likelihood, BIC and AIC.</summary>
public sealed class GmmMethod : IClusteringMethod
{
    public const string MethodId = "gmm";

    public static readonly ClusteringParameter Covariance = new("covariance", "covariance", "GMM covariance",
        "covariance structure of each component (scikit-learn's covariance_type)", (double)CovarianceType.Full)
    { Choices = Enum.GetNames<CovarianceType>().Select(n => n.ToLowerInvariant()).ToArray() };

    public static readonly ClusteringParameter RegCovar = new("regCovar", "reg_covar", "GMM reg_covar",
        "added to the covariance diagonals, keeps them invertible", 1e-6) { Min = 0 };

    public string Id => MethodId;
    public string Name => "GMM";
    public string Title => "Gaussian mixture (GMM)";
    public bool UsesK => true;
    public bool FindsNoise => false;
    public IReadOnlyList<ClusteringParameter> Parameters { get; } = [KMeansMethod.NInit, Covariance, RegCovar];

    /// <summary>These settings as a GMM with the given covariance structure.</summary>
    public static ClusteringSettings With(ClusteringSettings settings, CovarianceType covariance) =>
        (settings with { Method = MethodId }).With(Covariance.Key, (double)covariance);

    public string Label(ClusteringSettings settings) => $"GMM ({Covariance.Format(settings.Value(Covariance))})";

    public ClusterAssignment Fit(double[][] x, ClusteringSettings settings, int seed, CancellationToken ct)
    {
        var gmm = GaussianMixture.Fit(x, new GmmOptions(K: settings.K, Covariance: (CovarianceType)(int)settings.Value(Covariance),
            RegCovar: settings.Value(RegCovar), NInit: (int)settings.Value(KMeansMethod.NInit), Seed: seed), ct);
        var score = gmm.Model.Score(x);
        return new ClusterAssignment(gmm.Labels, settings, score, GmmModel.Bic(score, x.Length, gmm.Model.ParameterCount),
            GmmModel.Aic(score, x.Length, gmm.Model.ParameterCount));
    }
}

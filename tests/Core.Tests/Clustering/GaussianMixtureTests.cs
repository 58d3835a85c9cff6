using MusicDashboard.Core.Clustering;
using MusicDashboard.Core.Clustering.Methods;
using MusicDashboard.Core.Metrics;

namespace MusicDashboard.Core.Tests.Clustering;

/// <summary>GaussianMixture against scikit-learn 1.2.1 (tests/fixtures/sklearn/gmm.json): from the same K-Means labelling
/// sklearn started from, the EM iterations, parameters, labels and BIC/AIC must be sklearn's.</summary>
public class GaussianMixtureTests
{
    private static readonly System.Text.Json.JsonElement Doc = FixtureJson.Load("gmm");

    public static TheoryData<int> Fits()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Doc.GetProperty("fits").GetArrayLength(); i++) data.Add(i);
        return data;
    }

    private static CovarianceType Parse(string s) => Enum.Parse<CovarianceType>(s, ignoreCase: true);

    [Theory]
    [MemberData(nameof(Fits))]
    public void FromSklearnsStartingLabelsTheEmIsSklearns(int index)
    {
        var fit = Doc.GetProperty("fits")[index];
        var x = Doc.GetProperty(fit.GetProperty("data").GetString()!).Matrix();
        var k = fit.GetProperty("k").GetInt32();
        var cov = Parse(fit.GetProperty("covariance_type").GetString()!);
        var result = GaussianMixture.FitFromLabels(x, fit.GetProperty("init_labels").Ints(), new GmmOptions(K: k, Covariance: cov));
        var what = $"{cov} K={k}";

        Assert.Equal(fit.GetProperty("n_iter").GetInt32(), result.Iterations);
        Assert.Equal(fit.GetProperty("converged").GetBoolean(), result.Converged);
        Assert.Equal(fit.GetProperty("labels").Ints(), result.Labels);
        FixtureJson.Close(fit.GetProperty("lower_bound").GetDouble(), result.LowerBound, 1e-9, what + " lower bound");
        var weights = fit.GetProperty("weights").Doubles();
        for (var c = 0; c < k; c++) FixtureJson.Close(weights[c], result.Model.Weights[c], 1e-8, what + $" weight {c}");
        var means = fit.GetProperty("means").Matrix();
        for (var c = 0; c < k; c++)
            for (var j = 0; j < x[0].Length; j++) FixtureJson.Close(means[c][j], result.Model.Means[c][j], 1e-8, what + $" mean {c},{j}");
        var covariances = fit.GetProperty("covariances").Doubles();
        Assert.Equal(covariances.Length, result.Model.Covariances.Length);
        for (var t = 0; t < covariances.Length; t++) FixtureJson.Close(covariances[t], result.Model.Covariances[t], 1e-8, what + $" covariance[{t}]");
        var precisions = fit.GetProperty("precisions_cholesky").Doubles();
        for (var t = 0; t < precisions.Length; t++) FixtureJson.Close(precisions[t], result.Model.PrecisionsCholesky[t], 1e-8, what + $" precision cholesky[{t}]");

        FixtureJson.Close(fit.GetProperty("score").GetDouble(), result.Model.Score(x), 1e-9, what + " score");
        FixtureJson.Close(fit.GetProperty("bic").GetDouble(), result.Model.Bic(x), 1e-9, what + " bic");
        FixtureJson.Close(fit.GetProperty("aic").GetDouble(), result.Model.Aic(x), 1e-9, what + " aic");
        var proba = fit.GetProperty("proba_head").Matrix();
        var ours = result.Model.PredictProba(x[..5]);
        for (var i = 0; i < 5; i++)
            for (var c = 0; c < k; c++) Assert.Equal(proba[i][c], ours[i][c], 1e-7);
        for (var i = 0; i < 5; i++) Assert.Equal(1.0, result.Responsibilities[i].Sum(), 12);
    }

    [Fact]
    public void SeededRestartsAreDeterministicAndFindTheStructure()
    {
        var x = Doc.GetProperty("X").Matrix();
        var a = GaussianMixture.Fit(x, new GmmOptions(K: 4, NInit: 3, Seed: 5));
        var b = GaussianMixture.Fit(x, new GmmOptions(K: 4, NInit: 3, Seed: 5));
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(a.LowerBound, b.LowerBound);
        // The best of several restarts is at least as likely as sklearn's single restart from its K-Means.
        Assert.True(a.LowerBound >= Doc.GetProperty("fits")[0].GetProperty("lower_bound").GetDouble() - 1e-6);
    }

    [Fact]
    public void ClustererRunsGmmWithTheConfiguredCovarianceAndReportsBic()
    {
        var x = Doc.GetProperty("X").Matrix();
        var settings = GmmMethod.With(new ClusteringSettings { K = 4 }.With("nInit", 2), CovarianceType.Diag);
        var assignment = Clusterer.Fit(x, settings, seed: 1);
        Assert.Equal(x.Length, assignment.Labels.Length);
        Assert.Equal(4, assignment.Labels.Distinct().Count());
        Assert.NotNull(assignment.Bic);
        Assert.Equal("GMM (diag)", settings.Label);
    }

    [Fact]
    public void CollapsedDataGivesSklearnsSingularCovarianceMessage()
    {
        // Two distinct points repeated: a third component has nothing to explain, and with reg_covar 0 its covariance is 0.
        var x = Enumerable.Range(0, 30).Select(i => new[] { i % 2 == 0 ? 0.0 : 1.0, 0.0 }).ToArray();
        var labels = Enumerable.Range(0, 30).Select(i => i % 2).ToArray();
        var e = Assert.Throws<ArgumentException>(() => GaussianMixture.FitFromLabels(x, labels, new GmmOptions(K: 2, RegCovar: 0)));
        Assert.Contains("ill-defined empirical covariance", e.Message);
        Assert.Contains("increase reg_covar", e.Message);
        // With sklearn's default regularisation the same data fits.
        var ok = GaussianMixture.FitFromLabels(x, labels, new GmmOptions(K: 2));
        Assert.Equal(labels, ok.Labels);
    }

    [Fact]
    public void TooManyComponentsIsRefusedWithSklearnsMessage()
    {
        var x = new[] { new[] { 0.0 }, new[] { 1.0 } };
        var e = Assert.Throws<ArgumentException>(() => GaussianMixture.Fit(x, new GmmOptions(K: 3)));
        Assert.Contains("n_components = 3, n_samples = 2", e.Message);
    }

    [Fact]
    public void ParameterCountsAreSklearns()
    {
        var x = Doc.GetProperty("X").Matrix();
        var labels = Doc.GetProperty("fits")[0].GetProperty("init_labels").Ints();
        int Count(CovarianceType t) => GaussianMixture.FitFromLabels(x, labels, new GmmOptions(K: 4, Covariance: t, MaxIter: 1)).Model.ParameterCount;
        // d = 3, K = 4: means 12, weights 3, covariances 24 / 6 / 12 / 4.
        Assert.Equal(39, Count(CovarianceType.Full));
        Assert.Equal(21, Count(CovarianceType.Tied));
        Assert.Equal(27, Count(CovarianceType.Diag));
        Assert.Equal(19, Count(CovarianceType.Spherical));
        _ = ClusteringMetrics.Silhouette(x, labels);
    }
}

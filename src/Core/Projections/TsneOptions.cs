namespace MusicDashboard.Core.Projections;

/// <summary>t-SNE settings, named and defaulted as scikit-learn 1.2's <c>TSNE(n_components=2, perplexity=30,
/// early_exaggeration=12, learning_rate="auto", n_iter=1000, angle=0.5, init="pca")</c>. A null learning rate is
/// sklearn's "auto": max(N / early_exaggeration / 4, 50).</summary>
public sealed record TsneOptions(double Perplexity = 30, double EarlyExaggeration = 12, double? LearningRate = null,
    int MaxIter = 1000, double Angle = 0.5, TsneInit Init = TsneInit.Pca, int Seed = 0);

namespace MusicDashboard.Core.Projections;

/// <summary>How t-SNE places the points before optimising: scikit-learn 1.2's default PCA start (deterministic), or
/// seeded Gaussian noise of standard deviation 1e-4.</summary>
public enum TsneInit { Pca, Random }

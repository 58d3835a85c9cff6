namespace MusicDashboard.Core.Projections;

/// <summary>UMAP settings, named and defaulted as umap-learn 0.5's <c>UMAP(n_neighbors=15, n_components=2,
/// min_dist=0.1, spread=1.0, n_epochs=None, learning_rate=1.0, repulsion_strength=1.0, negative_sample_rate=5,
/// local_connectivity=1.0, set_op_mix_ratio=1.0)</c>, Euclidean metric. A null <paramref name="NEpochs"/> is umap's rule:
/// 500 up to 10 000 points, 200 above. <paramref name="NNeighbors"/> counts the point itself, as umap's does.</summary>
public sealed record UmapOptions(int NNeighbors = 15, double MinDist = 0.1, double Spread = 1.0, int? NEpochs = null,
    double LearningRate = 1.0, double RepulsionStrength = 1.0, int NegativeSampleRate = 5, double LocalConnectivity = 1.0,
    double SetOpMixRatio = 1.0, int Seed = 0);

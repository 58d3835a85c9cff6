namespace MusicDashboard.Core.Clustering;

/// <summary>The best of the restarts: a label per point (0..K-1), the centres, the summed squared distance of points to their
/// centres, and the number of Lloyd iterations that restart ran.</summary>
public sealed record KMeansResult(int[] Labels, double[][] Centers, double Inertia, int Iterations);

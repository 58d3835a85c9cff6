namespace MusicDashboard.Training.Pipeline;

/// <summary>Cluster labels and 2-D coordinates of every clip for one method (one Table 2 row).</summary>
public sealed record MethodAssignments(string Method, int[] Clusters, double[][] Projection);

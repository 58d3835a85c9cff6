namespace MusicDashboard.Core.Projections;

/// <summary>A UMAP embedding with what shaped it: the curve parameters a and b fitted from min_dist and spread, the
/// epochs run, the start it took and the number of connected components of the pruned fuzzy graph.</summary>
public sealed record UmapResult(double[][] Embedding, double A, double B, int Epochs, UmapInit Init, int GraphComponents);

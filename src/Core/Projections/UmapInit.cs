namespace MusicDashboard.Core.Projections;

/// <summary>Where UMAP's optimisation started: the spectral layout of the fuzzy graph (umap-learn's default), or, when
/// the pruned graph falls apart into several connected components, the first two principal components of the data
/// (umap-learn lays each component out spectrally instead; see <see cref="Umap"/>).</summary>
public enum UmapInit { Spectral, Pca }

namespace MusicDashboard.Core.Clustering;

/// <summary>The explicit scaling step applied to a representation before it is clustered.</summary>
public enum FeatureScaling { Standard, None, MinMax, L2 }

namespace MusicDashboard.Dashboard.Model;

/// <summary>The presets and datasets stored runs have, for the Runs page's filters.</summary>
public sealed record RunFacets(IReadOnlyList<string> Presets, IReadOnlyList<string> Datasets);

namespace MusicDashboard.Core.Registries;

/// <summary>An entry of an extension point's registry (a clustering method, a projection, a model, an input): the stable
/// id that run configs, the CLI and the API name it by.</summary>
public interface IRegistryEntry
{
    /// <summary>Stable id in run configs, the API and the CLI ("kMeans", "pca", "convVae", "logMel"): stored configs
    /// depend on it, so it never changes once released.</summary>
    string Id { get; }
}

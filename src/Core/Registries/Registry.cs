namespace MusicDashboard.Core.Registries;

/// <summary>
/// The list of one extension point's entries and the lookup every registry shares: ids are matched in any case ("kmeans"
/// finds "kMeans", "ConvVae" finds "convVae", as the CLI and configs stored before the registries spell them), and an
/// unknown id is an error that lists the ids there are.
/// </summary>
public sealed class Registry<T>(string kind, IReadOnlyList<T> entries) where T : IRegistryEntry
{
    public IReadOnlyList<T> All { get; } = entries.Count == entries.DistinctBy(e => e.Id, StringComparer.OrdinalIgnoreCase).Count()
        ? entries
        : throw new ArgumentException($"two {kind} entries share an id", nameof(entries));

    public bool TryGet(string? id, out T entry)
    {
        entry = All.FirstOrDefault(e => string.Equals(e.Id, id?.Trim(), StringComparison.OrdinalIgnoreCase))!;
        return entry is not null;
    }

    public T Get(string? id) => TryGet(id, out var entry)
        ? entry
        : throw new ArgumentException($"unknown {kind} '{id}' (available: {Available})", nameof(id));

    /// <summary>The ids, comma-separated, for messages and help texts.</summary>
    public string Available => string.Join(", ", All.Select(e => e.Id));
}

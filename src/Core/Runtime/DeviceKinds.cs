namespace MusicDashboard.Core.Runtime;

/// <summary>
/// What a run may ask to run on, and the Hangfire queue that carries it. A run that asks for "cuda" goes to the queue
/// "cuda", which only workers whose libtorch sees CUDA serve; any other run to Hangfire's "default" queue, which every
/// worker serves. Hangfire.PostgreSql takes a worker's queues in alphabetical order, so "cuda" (before "default") is
/// what a CUDA worker takes first.
/// </summary>
public static class DeviceKinds
{
    public const string Any = "any";
    public const string Cpu = "cpu";
    public const string Cuda = "cuda";

    public static IReadOnlyList<string> All { get; } = [Any, Cpu, Cuda];

    /// <summary>Null for a known kind (null or empty is "any"), else the message.</summary>
    public static string? Problem(string? kind) =>
        string.IsNullOrWhiteSpace(kind) || All.Contains(kind.Trim().ToLowerInvariant()) ? null
            : $"device must be one of {string.Join(", ", All)}, got '{kind}'";

    /// <summary>The stored kind: null for "any".</summary>
    public static string? Normalise(string? kind) =>
        string.IsNullOrWhiteSpace(kind) || kind.Trim().Equals(Any, StringComparison.OrdinalIgnoreCase) ? null : kind.Trim().ToLowerInvariant();

    /// <summary>Hangfire's default queue: CPU and "any" runs, and the feature shards.</summary>
    public const string DefaultQueue = "default";

    public static string QueueOf(string? kind) => Normalise(kind) == Cuda ? Cuda : DefaultQueue;

    /// <summary>The queues a worker serves, most specific first.</summary>
    public static string[] QueuesFor(bool hasCuda) => hasCuda ? [Cuda, DefaultQueue] : [DefaultQueue];
}

namespace MusicDashboard.Core.Runtime;

/// <summary>
/// What a run may ask to run on, and the Hangfire queue that carries it. A CPU worker serves the "cpu" queue; a worker
/// whose libtorch sees CUDA serves "cuda" first, then "cpu" (it is also a CPU). A run that asks for nothing goes to "cpu",
/// which every worker serves.
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

    public static string QueueOf(string? kind) => Normalise(kind) ?? Cpu;

    /// <summary>The queues a worker serves, most specific first.</summary>
    public static string[] QueuesFor(bool hasCuda) => hasCuda ? [Cuda, Cpu] : [Cpu];
}

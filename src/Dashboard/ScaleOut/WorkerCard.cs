namespace MusicDashboard.Dashboard.ScaleOut;

/// <summary>What a live worker says of itself (<see cref="WorkerHeartbeat"/>), and the runs it is executing
/// (<see cref="WorkerDirectory"/> adds those).</summary>
public sealed record WorkerCard(string Name, string Device, int Concurrency, IReadOnlyList<string> Queues, DateTime StartedAt)
{
    public IReadOnlyList<int> Runs { get; init; } = [];
}

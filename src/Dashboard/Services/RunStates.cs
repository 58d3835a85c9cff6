using MusicDashboard.Core.Storage;

namespace MusicDashboard.Dashboard.Services;

/// <summary>Run states as clients see them.</summary>
public static class RunStates
{
    /// <summary>The state names clients see: queued, running, completed, failed, cancelled, interrupted.</summary>
    public static string Name(RunState state) => state.ToString().ToLowerInvariant();

    public static bool IsFinished(RunState state) => state is RunState.Completed or RunState.Failed or RunState.Cancelled or RunState.Interrupted;

    public static bool IsFinished(string state) => Enum.TryParse<RunState>(state, ignoreCase: true, out var s) && IsFinished(s);
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR;
using MusicDashboard.Dashboard.Security;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Hubs;

/// <summary>
/// The training hub: watch a run (snapshot, then live events), start one from a (partial) config, cancel one. The same
/// events the pages receive in process; the <see cref="HubForwarder"/> sends them to the run's group.
/// </summary>
/// <remarks>With authentication configured the hub, like every endpoint, refuses anonymous connections (the fallback
/// policy); starting runs counts against the client's allowance (<see cref="RunCreationLimits"/>).</remarks>
public sealed class TrainingHub(RunBroker broker, RunQueue queue, MusicDashboard.Core.Configuration.AppPaths paths, RunCreationLimits limits, ScaleOut.HubGroups groups) : Hub<ITrainingClient>
{
    public const string Path = "/hubs/training";

    /// <summary>Joins the run's group, then returns everything so far. Joining first means no event is lost between the
    /// snapshot and the live stream; the client drops the few it may get twice by their seq.</summary>
    public async Task<RunSnapshot> SubscribeRun(int runId)
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, groups.Of(runId));
        var snapshot = await broker.SnapshotAsync(runId, Context.ConnectionAborted);
        if (snapshot is null)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, groups.Of(runId));
            throw new HubException($"run {runId} does not exist");
        }
        return snapshot;
    }

    public Task UnsubscribeRun(int runId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, groups.Of(runId));

    /// <summary>Validates and queues a run; returns its id. A config may be partial: a preset name plus overrides.</summary>
    public async Task<int> StartRun(JsonElement config)
    {
        var (allowed, retryAfter) = limits.TryAcquireForHub(RunCreationLimits.ClientOf(Context.GetHttpContext()));
        if (!allowed)
            throw new HubException(RunCreationLimits.TooMany(paths.Options.Requests, (int)Math.Ceiling((retryAfter ?? TimeSpan.FromSeconds(paths.Options.Requests.WindowSeconds)).TotalSeconds)));
        var (parsed, problems) = RunRequest.Parse(JsonNode.Parse(config.GetRawText()), paths.DefaultDataset);
        // Only a request that did not even make a config stops here; otherwise the queue reports every problem at once
        // (the config's and the dataset's).
        if (parsed is null) throw new HubException("invalid run configuration: " + RunRequest.Describe(problems));
        var result = await queue.EnqueueAsync(parsed, Context.ConnectionAborted);
        if (!result.Accepted) throw new HubException("invalid run configuration: " + RunRequest.Describe(result.Problems));
        return result.RunId!.Value;
    }

    public Task<bool> CancelRun(int runId) => queue.CancelAsync(runId);
}

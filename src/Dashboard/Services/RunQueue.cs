using System.Collections.Concurrent;
using System.Threading.Channels;
using MusicDashboard.Core.Configuration;
using MusicDashboard.Core.Datasets;
using MusicDashboard.Core.Demo;
using MusicDashboard.Core.Storage;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Services;

/// <summary>
/// The background run queue: runs wait in order and execute <see cref="MaxConcurrentRuns"/> at a time (one by default: two
/// trainings on one CPU only slow each other down), each on its own thread (TorchSharp's dispose scopes are thread-static)
/// where the <see cref="RunExecutor"/> takes it from start to end. A run belongs to the server, not to a browser: closing
/// the page does not stop it; only <see cref="CancelAsync"/> does. With scale-out (docs/scale-out.md) the queue is
/// Hangfire's: a queued run goes to the <see cref="ScaleOut.RunDispatcher"/>, and some <c>musicdash worker</c> executes it.
/// </summary>
public sealed class RunQueue(
    RunStore store,
    RunExecutor executor,
    AppPaths paths,
    RunBroker broker,
    CollectionService collection,
    IConfiguration configuration,
    ILogger<RunQueue> log,
    ScaleOut.RunDispatcher? dispatcher = null) : BackgroundService
{
    public const string MaxConcurrentRunsKey = "MusicDashboard:MaxConcurrentRuns";

    private readonly Channel<int> _pending = Channel.CreateUnbounded<int>();
    private readonly ConcurrentDictionary<int, CancellationTokenSource> _tokens = new();
    private readonly ConcurrentDictionary<int, byte> _waiting = new();
    /// <summary>Runs queued to continue from their checkpoint folder instead of training from scratch.</summary>
    private readonly ConcurrentDictionary<int, string> _resumeFrom = new();

    public int MaxConcurrentRuns { get; } = Math.Clamp(configuration.GetValue(MaxConcurrentRunsKey, 1), 1, 16);

    /// <summary>Runs queued in this process and not started yet, oldest first.</summary>
    public IReadOnlyList<int> Waiting => _waiting.Keys.Order().ToList();

    /// <summary>Raised (on a pool thread) when a run is queued, starts, or ends.</summary>
    public event Action? Changed;

    /// <summary>Validates, stores the run as queued and queues it. Invalid configs come back with their field problems.</summary>
    public async Task<EnqueueResult> EnqueueAsync(RunConfig config, CancellationToken ct = default, int? studyId = null)
    {
        var problems = config.Problems().Select(p => new FieldProblem(p.Field, p.Message)).ToList();
        var (root, name, datasetProblem) = ResolveDataset(config.Dataset);
        if (datasetProblem is not null) problems.Add(new FieldProblem("dataset", datasetProblem));
        else if (FeatureTableDataset.IsTable(root) && config.FeatureTableProblem() is { } tableProblem) problems.Add(new FieldProblem("dataset", tableProblem));
        // One process trains on libtorch's device here; a CUDA run needs a CUDA worker (scale-out) or a CUDA build here.
        if (dispatcher is null && Core.Runtime.DeviceKinds.Normalise(config.Device) == Core.Runtime.DeviceKinds.Cuda
            && Core.Runtime.TorchRuntime.Device.type != TorchSharp.DeviceType.CUDA)
            problems.Add(new FieldProblem("device", "this dashboard trains on the CPU (libtorch here has no CUDA): ask for 'cpu' or 'any', or run workers with CUDA (docs/scale-out.md)"));
        if (problems.Count > 0) return new EnqueueResult(null, problems);

        config = config.Named(name);
        var run = await store.AddQueuedAsync(config, name, root, ct, studyId);
        await QueueAsync(run, config.Vae.Epochs, resumeFrom: null,
            new RunStateChangedEvent("queued", Waiting.Count > 0 || Running > 0 ? $"waiting: {Waiting.Count + 1} run(s) queued" : null),
            $"queued {run.Name} ({config.Preset}) on {name}", ct);
        log.LogInformation("Run #{Id} queued: {Name} on {Dataset}", run.Id, run.Name, name);
        return new EnqueueResult(run.Id, []);
    }

    /// <summary>Stores a new study (its runs are queued with its id) and returns its id.</summary>
    public int AddStudy(StudyPlan plan, string datasetName, string datasetRoot) => store.AddStudy(plan, datasetName, datasetRoot);

    /// <summary>Puts a stored, queued run in line: its live state opens, watchers hear it is queued, a worker takes it.</summary>
    internal async Task QueueAsync(RunEntity run, int epochs, string? resumeFrom, RunStateChangedEvent queued, string logLine, CancellationToken ct)
    {
        if (dispatcher is not null)
        {
            // The worker that takes the job finds the checkpoint itself (resumeFrom is where it lies in the shared folder).
            broker.Publish(queued with { RunId = run.Id });
            broker.Publish(new LogLineEvent(DateTime.UtcNow, "queue", logLine) { RunId = run.Id });
            await dispatcher.DispatchAsync(run, ct);
            Changed?.Invoke();
            return;
        }
        broker.Open(run, epochs);
        if (resumeFrom is not null) _resumeFrom[run.Id] = resumeFrom;
        _tokens[run.Id] = new CancellationTokenSource();
        _waiting[run.Id] = 0;
        broker.Publish(queued with { RunId = run.Id });
        broker.Publish(new LogLineEvent(DateTime.UtcNow, "queue", logLine) { RunId = run.Id });
        await _pending.Writer.WriteAsync(run.Id, ct);
        Changed?.Invoke();
    }

    private int _running;
    public int Running => Volatile.Read(ref _running);

    /// <summary>Cancels a waiting or running run of this process. False when this process is not executing it.</summary>
    private bool Cancel(int runId)
    {
        if (!_tokens.TryGetValue(runId, out var cts)) return false;
        try { cts.Cancel(); }
        catch (ObjectDisposedException) { return false; }
        return true;
    }

    /// <summary>Cancels a waiting or running run, here or (scale-out) on whichever worker has it. False when it is neither.</summary>
    public Task<bool> CancelAsync(int runId, CancellationToken ct = default) =>
        dispatcher is not null ? dispatcher.CancelAsync(runId, ct) : Task.FromResult(Cancel(runId));

    /// <summary>Queued or running: here, or (scale-out) as this instance last heard from the event stream.</summary>
    public bool IsActive(int runId) => dispatcher is null ? _tokens.ContainsKey(runId) : broker.IsLive(runId);

    /// <summary>"demo" is the configured demo corpus; anything else an existing folder or feature table (.csv), relative to
    /// the configuration folder, inside the roots datasets may come from (<see cref="Security.DatasetAccess"/>). The one
    /// check the form, the API, the hub and the study launcher all go through.</summary>
    public (string Root, string Name, string? Problem) ResolveDataset(string dataset)
    {
        if (string.IsNullOrWhiteSpace(dataset)) return ("", "", "give a folder, a feature table (.csv) or 'demo'");
        if (dataset.Trim() == "demo") return (paths.DemoCorpusFolder, DemoCorpus.DatasetName, null);
        var root = paths.Resolve(dataset.Trim());
        // Only inside the allowed roots (said before whether it exists, so nothing is learnt about other folders).
        if (Security.DatasetAccess.Refusal(paths, root) is { } refusal) return (root, "", refusal);
        if (FeatureTableDataset.IsTable(root))
            return File.Exists(root) ? (root, Path.GetFileNameWithoutExtension(root), null) : (root, "", $"feature table '{root}' does not exist");
        if (!Directory.Exists(root)) return (root, "", $"folder '{root}' does not exist");
        var name = root == paths.DatasetRoot && !paths.UsesDemoCorpus ? collection.Status.DatasetName : Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar));
        return (root, name, null);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (dispatcher is not null) return; // the workers execute
        var workers = Enumerable.Range(0, MaxConcurrentRuns).Select(_ => WorkAsync(stoppingToken)).ToList();
        await Task.WhenAll(workers);
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var runId in _pending.Reader.ReadAllAsync(stoppingToken))
                await RunOneAsync(runId, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunOneAsync(int runId, CancellationToken stoppingToken)
    {
        _waiting.TryRemove(runId, out _);
        if (!_tokens.TryGetValue(runId, out var cts)) return; // deleted while waiting
        var resumeFrom = _resumeFrom.TryRemove(runId, out var from) ? from : null;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cts.Token, stoppingToken);
        Interlocked.Increment(ref _running);
        Changed?.Invoke();
        try
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() =>
            {
                try { executor.Execute(runId, resumeFrom, linked.Token, stoppingToken); }
                catch (Exception e) { log.LogError(e, "Run #{Id}: unexpected failure outside the pipeline", runId); }
                finally { done.SetResult(); }
            })
            {
                IsBackground = true,
                Name = $"run-{runId}",
            };
            thread.Start();
            await done.Task;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            if (_tokens.TryRemove(runId, out var removed)) removed.Dispose();
            Changed?.Invoke();
        }
    }

    public override void Dispose()
    {
        foreach (var cts in _tokens.Values) cts.Dispose();
        base.Dispose();
    }
}

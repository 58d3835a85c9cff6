using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Configuration;
using MusicDashboard.Core.Metrics;
using MusicDashboard.Core.Storage;
using MusicDashboard.Training.Pipeline;
using MusicDashboard.Core.Projections.Methods;

namespace MusicDashboard.Dashboard.Services;

/// <summary>
/// The live state of runs and the fan-out of their events. The run's thread publishes; each watcher (a page, the SignalR
/// forwarder) gets its own unbounded channel, so a slow browser never slows training. Subscribing registers the watcher
/// and takes the snapshot under one lock, so no event falls between the two; events carry a sequence number so a
/// watcher that reconnects (SignalR) can drop what its snapshot already holds.
/// With scale-out (docs/scale-out.md) the numbering moves to Redis: <see cref="Publish"/> hands events to the
/// <see cref="ScaleOut.RunEventRelay"/>, and every dashboard instance's sessions are fed from the event stream through
/// <see cref="ApplyStampedAsync"/>, whichever process executes the run.
/// </summary>
public sealed class RunBroker(IDbContextFactory<MusicDbContext> dbFactory, Model.RunDetailQuery runDetail, AppPaths paths, ILogger<RunBroker> log,
    ScaleOut.RunEventRelay? relay = null)
{
    /// <summary>Log lines kept in memory per run for snapshots; the run's log file keeps them all.</summary>
    public const int LogLinesKept = 2000;

    private readonly ConcurrentDictionary<int, Session> _sessions = new();
    private readonly Lock _globalLock = new();
    private readonly List<Channel<RunEvent>> _global = [];

    public static string RunFolder(AppPaths paths, int runId) => Path.Combine(paths.RunsFolder, runId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    public static string LogPath(AppPaths paths, int runId) => Path.Combine(RunFolder(paths, runId), "log.txt");

    /// <summary>Starts the live state of a run this process has just queued.</summary>
    public void Open(RunEntity run, int epochs)
    {
        var session = new Session(run.Id, LogPath(paths, run.Id))
        {
            State = RunStates.Name(run.State), Name = run.Name, Preset = run.Preset, Dataset = run.Dataset, CreatedAt = run.CreatedAt, Epochs = epochs,
        };
        _sessions[run.Id] = session;
    }

    public bool IsLive(int runId) => _sessions.TryGetValue(runId, out var s) && !RunStates.IsFinished(s.State);

    /// <summary>Publishes one event of a run to every watcher. Called from the run's thread: never blocks on a watcher.</summary>
    public void Publish(RunEvent e)
    {
        if (relay is not null)
        {
            relay.Send(e);
            return;
        }
        if (!_sessions.TryGetValue(e.RunId, out var session)) return;
        RunEvent stamped;
        lock (session.Gate)
        {
            stamped = e with { Seq = ++session.Seq };
            Deliver(session, stamped);
        }
        Fan(session, stamped);
    }

    /// <summary>An event numbered elsewhere (scale-out's event stream, in sequence order): applied to this instance's
    /// session of the run, opened from the database at the run's first event here. An event the session already holds is
    /// dropped.</summary>
    public async Task ApplyStampedAsync(RunEvent stamped, CancellationToken ct = default)
    {
        if (!_sessions.TryGetValue(stamped.RunId, out var session))
        {
            var stored = await SnapshotFromDatabaseAsync(stamped.RunId, ct);
            if (stored is null) return; // deleted meanwhile
            session = _sessions.GetOrAdd(stamped.RunId, _ => Session.Mirror(stored with { Seq = stamped.Seq - 1 }));
        }
        lock (session.Gate)
        {
            if (stamped.Seq <= session.Seq) return;
            session.Seq = stamped.Seq;
            Deliver(session, stamped);
        }
        Fan(session, stamped);
    }

    private static void Deliver(Session session, RunEvent stamped)
    {
        session.Apply(stamped);
        foreach (var w in session.Watchers) w.Writer.TryWrite(stamped);
    }

    private void Fan(Session session, RunEvent stamped)
    {
        lock (_globalLock)
        {
            foreach (var w in _global) w.Writer.TryWrite(stamped);
        }
        if (stamped is LogLineEvent line) session.AppendToFile(line, log);
        if (stamped is RunStateChangedEvent { State: var state } && RunStates.IsFinished(state))
        {
            session.CloseFile();
            lock (session.Gate)
            {
                // Finished: nothing more will come; watchers drain what they have and stop.
                foreach (var w in session.Watchers) w.Writer.TryComplete();
                session.Watchers.Clear();
            }
            // A mirrored run may have been first heard of mid-run (its earlier metric rows missed); the database holds all of
            // it by now (the executing process stores the run before it says it ended): later watchers read that.
            if (session.Mirrored) _sessions.TryRemove(new KeyValuePair<int, Session>(stamped.RunId, session));
        }
    }

    /// <summary>Every event of every run (the SignalR forwarder, the runs list). Dispose to stop.</summary>
    public (ChannelReader<RunEvent> Events, IDisposable Subscription) SubscribeAll()
    {
        var channel = Channel.CreateUnbounded<RunEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_globalLock) _global.Add(channel);
        return (channel.Reader, new Unsubscriber(() =>
        {
            lock (_globalLock) _global.Remove(channel);
            channel.Writer.TryComplete();
        }));
    }

    /// <summary>The run's snapshot and then its live events; null when there is no such run. A run this process is not
    /// executing is read from the database (its events channel is already complete).</summary>
    public async Task<RunSubscription?> SubscribeAsync(int runId, CancellationToken ct = default)
    {
        if (_sessions.TryGetValue(runId, out var session))
        {
            var channel = Channel.CreateUnbounded<RunEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            RunSnapshot snapshot;
            lock (session.Gate)
            {
                snapshot = session.Snapshot();
                if (RunStates.IsFinished(session.State)) channel.Writer.TryComplete();
                else session.Watchers.Add(channel);
            }
            return new RunSubscription(snapshot, channel.Reader, () =>
            {
                lock (session.Gate) session.Watchers.Remove(channel);
                channel.Writer.TryComplete();
            });
        }
        var stored = await SnapshotFromDatabaseAsync(runId, ct);
        if (stored is null) return null;
        var done = Channel.CreateUnbounded<RunEvent>();
        done.Writer.TryComplete();
        return new RunSubscription(stored, done.Reader, () => { });
    }

    /// <summary>Snapshot of a run without subscribing (the HTTP API).</summary>
    public async Task<RunSnapshot?> SnapshotAsync(int runId, CancellationToken ct = default)
    {
        if (_sessions.TryGetValue(runId, out var session))
            lock (session.Gate) return session.Snapshot();
        return await SnapshotFromDatabaseAsync(runId, ct);
    }

    /// <summary>Forgets a deleted run.</summary>
    public void Forget(int runId)
    {
        if (_sessions.TryRemove(runId, out var session)) session.CloseFile();
    }

    private async Task<RunSnapshot?> SnapshotFromDatabaseAsync(int runId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null) return null;
        var epochs = await db.Epochs.AsNoTracking().Where(e => e.RunId == runId).OrderBy(e => e.Epoch).ToListAsync(ct);
        var metrics = await db.MetricRows.AsNoTracking().Where(m => m.RunId == runId).OrderBy(m => m.Order).ThenBy(m => m.Id).ToListAsync(ct);
        var config = RunConfigs.TryParse(run.ConfigJson);
        var totalEpochs = config?.Vae.Epochs ?? epochs.Count;
        var technique = ProjectionMethods.TryGet(config?.Projection, out var projection) ? projection.Label : "stored";
        var points = await db.Assignments.AsNoTracking().Where(a => a.RunId == runId)
            .OrderBy(a => a.Id).Select(a => new { a.Method, a.X, a.Y, a.Cluster }).ToListAsync(ct);
        var projections = points.GroupBy(p => p.Method).Select(g => new ProjectionUpdatedEvent(g.Key, totalEpochs, true, technique,
            g.Select(p => p.X).ToArray(), g.Select(p => p.Y).ToArray(), g.Select(p => p.Cluster).ToArray()) { RunId = runId }).ToList();
        // The run's stored log (its last lines); a run stored before logs were kept has only its log file, if any.
        var logLines = await runDetail.LogAsync(runId, ct, last: LogLinesKept);
        if (logLines.Count == 0) logLines = ReadLog(LogPath(paths, runId), runId);
        return new RunSnapshot(runId, 0, RunStates.Name(run.State), run.Error, run.Name, run.Preset, run.Dataset, run.CreatedAt, run.StartedAt,
            run.FinishedAt, totalEpochs, null,
            epochs.Select(e => new EpochCompletedEvent(e.Epoch, totalEpochs, e.Loss, e.Reconstruction, e.Kl, e.Beta, e.Seconds) { RunId = runId }).ToList(),
            projections, Model.RunSummary.Rows(metrics), logLines);
    }

    private static List<LogLineEvent> ReadLog(string path, int runId)
    {
        if (!File.Exists(path)) return [];
        var lines = new List<LogLineEvent>();
        try
        {
            foreach (var line in File.ReadLines(path).TakeLast(LogLinesKept))
            {
                // "2026-11-25T09:30:00.000Z [stage] message"
                var space = line.IndexOf(' ');
                var close = line.IndexOf("] ", StringComparison.Ordinal);
                if (space < 0 || close < space || !DateTime.TryParse(line[..space], System.Globalization.CultureInfo.InvariantCulture,
                        System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
                {
                    lines.Add(new LogLineEvent(DateTime.MinValue, "", line) { RunId = runId });
                    continue;
                }
                lines.Add(new LogLineEvent(at, line[(space + 2)..close], line[(close + 2)..]) { RunId = runId });
            }
        }
        catch (IOException) { }
        return lines;
    }

    private sealed class Unsubscriber(Action action) : IDisposable
    {
        private int _done;
        public void Dispose() { if (Interlocked.Exchange(ref _done, 1) == 0) action(); }
    }

    private sealed class Session(int runId, string logPath)
    {
        public readonly Lock Gate = new();
        public readonly List<Channel<RunEvent>> Watchers = [];
        public long Seq;
        public required string State;
        public string? Message;
        public required string Name, Preset, Dataset;
        public required DateTime CreatedAt;
        public DateTime? StartedAt, FinishedAt;
        public required int Epochs;
        /// <summary>Fed by the scale-out event stream rather than by a run of this process.</summary>
        public bool Mirrored;
        public ProgressEvent? Progress;
        private readonly List<EpochCompletedEvent> _epochs = [];
        private readonly Dictionary<(string, bool), ProjectionUpdatedEvent> _projections = [];
        private readonly List<MetricsRow> _metrics = [];
        private readonly Queue<LogLineEvent> _log = new();
        private StreamWriter? _file;
        private bool _fileClosed;

        public void Apply(RunEvent e)
        {
            switch (e)
            {
                case EpochCompletedEvent ep:
                    // A run resumed from its checkpoint replays the epochs it kept and trains the later ones again: an
                    // epoch number seen again replaces that epoch and everything after it, so each epoch is held once.
                    _epochs.RemoveAll(x => x.Epoch >= ep.Epoch);
                    _epochs.Add(ep);
                    break;
                case ProjectionUpdatedEvent p:
                    // Training snapshots replace each other; a final projection replaces the training one of its method.
                    if (p.Final) _projections.Remove((p.Method, false));
                    _projections[(p.Method, p.Final)] = p;
                    break;
                case MetricsComputedEvent m: _metrics.Add(m.Row); break;
                case LogLineEvent l:
                    _log.Enqueue(l);
                    while (_log.Count > LogLinesKept) _log.Dequeue();
                    break;
                case ProgressEvent pr: Progress = pr; break;
                case RunStateChangedEvent s:
                    State = s.State;
                    Message = s.Message;
                    if (s.State == "running") StartedAt ??= DateTime.UtcNow;
                    if (RunStates.IsFinished(s.State)) FinishedAt = DateTime.UtcNow;
                    break;
            }
        }

        /// <summary>A session fed by the scale-out event stream, starting from what the database holds: no log file (the
        /// executing worker's recorder stores the log), the snapshot's sequence number.</summary>
        public static Session Mirror(RunSnapshot stored)
        {
            var session = new Session(stored.RunId, "")
            {
                State = stored.State, Message = stored.Message, Name = stored.Name, Preset = stored.Preset, Dataset = stored.Dataset,
                CreatedAt = stored.CreatedAt, StartedAt = stored.StartedAt, FinishedAt = stored.FinishedAt, Epochs = stored.Epochs,
                Seq = stored.Seq, _fileClosed = true, Mirrored = true,
            };
            foreach (var e in stored.EpochList) session.Apply(e);
            foreach (var p in stored.Projections) session.Apply(p);
            session._metrics.AddRange(stored.Metrics);
            foreach (var l in stored.Log) session.Apply(l);
            // The stored state, not a replayed event's: Apply's state case is not run above.
            return session;
        }

        public RunSnapshot Snapshot() => new(runId, Seq, State, Message, Name, Preset, Dataset, CreatedAt, StartedAt, FinishedAt, Epochs, Progress,
            _epochs.ToList(), _projections.Values.OrderBy(p => p.Final).ThenBy(p => p.Seq).ToList(), _metrics.ToList(), _log.ToList());

        public void AppendToFile(LogLineEvent line, ILogger logger)
        {
            lock (Gate)
            {
                if (_fileClosed) return;
                try
                {
                    if (_file is null)
                    {
                        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
                        _file = new StreamWriter(logPath, append: true) { AutoFlush = true };
                    }
                    _file.WriteLine($"{line.At:yyyy-MM-ddTHH:mm:ss.fffZ} [{line.Stage}] {line.Message}");
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // The live log still reaches the watchers; only the file copy is lost.
                    logger.LogWarning("Run {Run}: the log file {Path} cannot be written: {Message}", runId, logPath, ex.Message);
                    _fileClosed = true;
                }
            }
        }

        public void CloseFile()
        {
            lock (Gate)
            {
                _fileClosed = true;
                _file?.Dispose();
                _file = null;
            }
        }
    }
}

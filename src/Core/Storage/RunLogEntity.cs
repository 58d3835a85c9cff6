namespace MusicDashboard.Core.Storage;

/// <summary>One log line of a run, as its observers saw it (the console of a CLI run, the live log of a dashboard run):
/// written in batches by the run's recorder, at most <c>RunRecorder.MaxLogLines</c> per run.</summary>
public sealed class RunLogEntity
{
    public long Id { get; set; }
    public int RunId { get; set; }
    /// <summary>Position in the run's log, from 1.</summary>
    public int Seq { get; set; }
    public DateTime At { get; set; }
    /// <summary>The stage that said it ("features", "train", "cluster", "run", ...).</summary>
    public required string Stage { get; set; }
    public required string Text { get; set; }
}

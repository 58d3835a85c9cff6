using Microsoft.Data.Sqlite;
using MusicDashboard.Core.Storage;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Training.Tests.Pipeline;

/// <summary>A run's log is stored in order, in batches, and capped: past <see cref="RunRecorder.MaxLogLines"/> lines one
/// note says how many more there were.</summary>
public sealed class RunLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("musicdash-runlog-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private Microsoft.EntityFrameworkCore.DbContextOptions<MusicDbContext> Db()
    {
        var path = Path.Combine(_dir, "runs.db");
        Database.MigrateAsync(path).GetAwaiter().GetResult();
        return Database.Options(path);
    }

    [Fact]
    public void LinesAreStoredInOrderAtEachEpochAndAtTheEnd()
    {
        var options = Db();
        var recorder = RunRecorder.Create(options, Presets.ByName(Presets.MlpVaeAudio, "demo", 0), "synthetic demo", _dir);
        recorder.Log("features", "started");
        recorder.Line(DateTime.UtcNow, "train", "epoch 1/1");
        using (var db = new MusicDbContext(options)) Assert.Empty(db.RunLogs); // held until a batch, an epoch or the end
        recorder.Epoch(new MusicDashboard.Training.Models.EpochReport(1, 1, 2.0, 1.5, 0.5, 1.0, 0.1));
        using (var db = new MusicDbContext(options)) Assert.Equal(2, db.RunLogs.Count());
        recorder.End(RunState.Failed, "it broke");

        using var check = new MusicDbContext(options);
        var lines = check.RunLogs.OrderBy(l => l.Seq).ToList();
        Assert.Equal([1, 2, 3], lines.Select(l => l.Seq));
        Assert.Equal(["features", "train", "run"], lines.Select(l => l.Stage));
        Assert.Equal("failed: it broke", lines[2].Text);

        // A recorder for the same run (a resumed run) continues the numbering.
        new RunRecorder(options, recorder.RunId).End(RunState.Cancelled, "again");
        using var again = new MusicDbContext(options);
        Assert.Equal(4, again.RunLogs.Max(l => l.Seq));
    }

    [Fact]
    public void ARunawayLogIsCappedWithANoteOfWhatWasLeftOut()
    {
        var options = Db();
        var recorder = RunRecorder.Create(options, Presets.ByName(Presets.MlpVaeAudio, "demo", 0), "synthetic demo", _dir);
        for (var i = 0; i < RunRecorder.MaxLogLines + 5; i++) recorder.Log("train", $"line {i}");
        recorder.End(RunState.Cancelled, "stopped");

        using var db = new MusicDbContext(options);
        Assert.Equal(RunRecorder.MaxLogLines + 1, db.RunLogs.Count());
        var last = db.RunLogs.OrderByDescending(l => l.Seq).First();
        Assert.Equal("... 6 more lines not stored (the stored log keeps the first 20000 lines of a run)", last.Text);
        Assert.Equal($"line {RunRecorder.MaxLogLines - 1}", db.RunLogs.Single(l => l.Seq == RunRecorder.MaxLogLines).Text);
    }
}

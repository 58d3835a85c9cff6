using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Datasets;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Core.Tests.Storage;

/// <summary>The track catalogue kept in step with a collection, on SQLite and PostgreSQL, including two processes syncing
/// the same collection at once (workers sharing one database).</summary>
public abstract class TrackCatalogTests(TestDatabase database) : DatabaseTest(database)
{
    public sealed class Sqlite() : TrackCatalogTests(new SqliteTestDatabase());

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresServer server) : TrackCatalogTests(new PostgresTestDatabase(server));

    private const string Root = "/music/table";

    /// <summary>A feature table's collection (no audio to probe): tracks by relative path.</summary>
    private static DatasetScan Scan(params string[] paths) =>
        new("table", Root, paths.Select(p => new TrackFile(Path.Combine(Root, p), p, p.Split('/')[0], null, 100)).ToList(), ["pop", "rock"], HasAudio: false);

    private async Task<List<string>> StoredAsync()
    {
        await using var db = Db.Open();
        return await db.Tracks.AsNoTracking().Where(t => t.DatasetRoot == Root).OrderBy(t => t.RelativePath).Select(t => t.RelativePath).ToListAsync();
    }

    [Fact]
    public async Task AddsNewFilesKeepsKnownOnesAndRemovesGoneOnes()
    {
        var first = TrackCatalog.Sync(Options, Scan("pop/a", "pop/b", "rock/c"));
        Assert.Equal((3, 0, 3), (first.Added, first.Removed, first.Total));
        var ids = TrackCatalog.Ids(Options, Root);

        var second = TrackCatalog.Sync(Options, Scan("pop/a", "rock/c", "rock/d"));
        Assert.Equal((1, 1, 3), (second.Added, second.Removed, second.Total));
        Assert.Equal(["pop/a", "rock/c", "rock/d"], await StoredAsync());
        var after = TrackCatalog.Ids(Options, Root);
        Assert.Equal(ids["pop/a"], after["pop/a"]); // known tracks keep their ids (runs' assignments point at them)
        Assert.Equal(ids["rock/c"], after["rock/c"]);
    }

    [Fact]
    public async Task ASyncBeatenToTheSameNewTracksByAnotherProcessStartsAgainAndStoresEachOnce()
    {
        TrackCatalog.Sync(Options, Scan("pop/gone"));
        // While this sync probes its new files, another process stores two of them and removes the gone track.
        var other = new OtherWriter(Options);
        var result = TrackCatalog.Sync(Options, Scan("pop/a", "pop/b", "rock/c"), other);

        Assert.True(other.Wrote);
        Assert.Equal(["pop/a", "pop/b", "rock/c"], await StoredAsync());
        Assert.Equal((1, 0, 3), (result.Added, result.Removed, result.Total)); // what this sync itself added, after starting again
    }

    /// <summary>At the first progress report (between the sync's read and its write), writes what a concurrent sync would.</summary>
    private sealed class OtherWriter(DbContextOptions<MusicDbContext> options) : IProgress<(int Done, int Total)>
    {
        public bool Wrote { get; private set; }

        public void Report((int Done, int Total) value)
        {
            lock (this)
            {
                if (Wrote) return;
                Wrote = true;
                using var db = new MusicDbContext(options);
                db.Tracks.RemoveRange(db.Tracks.Where(t => t.RelativePath == "pop/gone"));
                db.Tracks.AddRange(new TrackEntity { Dataset = "table", DatasetRoot = Root, RelativePath = "pop/a", Genre = "pop", ScannedAt = DateTime.UtcNow },
                    new TrackEntity { Dataset = "table", DatasetRoot = Root, RelativePath = "rock/c", Genre = "rock", ScannedAt = DateTime.UtcNow });
                db.SaveChanges();
            }
        }
    }
}

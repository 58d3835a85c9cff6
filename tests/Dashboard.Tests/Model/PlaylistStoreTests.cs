using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using MusicDashboard.Core.Datasets;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Model;

namespace MusicDashboard.Dashboard.Tests.Model;

/// <summary>Playlists on real SQLite and PostgreSQL databases: saved in order, checked, renamed, deleted, and their M3U and CSV.</summary>
public abstract class PlaylistStoreTests(TestDatabase database) : DatabaseTest(database)
{
    public sealed class Sqlite() : PlaylistStoreTests(new SqliteTestDatabase());

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresServer server) : PlaylistStoreTests(new PostgresTestDatabase(server));

    private const string Root = "/music/demo";
    private DbContextOptions<MusicDbContext> _options = default!;
    private int[] _ids = [];
    private int _runId;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _options = Options;
        await using var db = new MusicDbContext(_options);
        var tracks = new[]
        {
            new TrackEntity { Dataset = "demo", DatasetRoot = Root, RelativePath = "genres/pop/pop.00000.wav", Genre = "pop", DurationSeconds = 29.6 },
            new TrackEntity { Dataset = "demo", DatasetRoot = Root, RelativePath = "genres/rock/rock, live.00001.wav", Genre = "rock", DurationSeconds = 61.2 },
            new TrackEntity { Dataset = "demo", DatasetRoot = Root, RelativePath = "loose.wav", Genre = null, DurationSeconds = 0 },
        };
        db.Tracks.AddRange(tracks);
        var run = new RunEntity { Name = "r", Preset = "p", Dataset = "demo", DatasetRoot = Root, ConfigJson = "{}", State = RunState.Completed };
        db.Runs.Add(run);
        await db.SaveChangesAsync();
        _ids = tracks.Select(t => t.Id).ToArray();
        _runId = run.Id;
    }

    private PooledDbContextFactory<MusicDbContext> Factory => new(_options);

    [Fact]
    public async Task APlaylistKeepsItsOrderAndIsListedRenamedAndDeleted()
    {
        var store = new PlaylistStore(Factory);
        var query = new PlaylistQuery(Factory);
        var saved = await store.CreateAsync("  Evening  ", _runId, [_ids[1], _ids[0], _ids[1]]);
        Assert.True(saved.Saved, string.Join("; ", saved.Problems.SelectMany(p => p.Value)));
        var detail = await query.GetAsync(saved.Id!.Value);
        Assert.Equal("Evening", detail!.Summary.Name);
        Assert.Equal(_runId, detail.Summary.RunId);
        Assert.Equal([_ids[1], _ids[0]], detail.Tracks.Select(t => t.TrackId)); // in the given order, the repeat dropped
        Assert.Equal(61.2 + 29.6, detail.Summary.Seconds, 9);
        var list = await query.AllAsync();
        Assert.Equal(2, Assert.Single(list).Tracks);

        Assert.Equal((true, null), await store.RenameAsync(saved.Id.Value, "Night"));
        Assert.Equal("Night", (await query.GetAsync(saved.Id.Value))!.Summary.Name);
        Assert.Equal((true, "a playlist needs a name"), await store.RenameAsync(saved.Id.Value, " "));
        Assert.False((await store.RenameAsync(999, "x")).Found);

        Assert.True(await store.DeleteAsync(saved.Id.Value));
        Assert.False(await store.DeleteAsync(saved.Id.Value));
        Assert.Null(await query.GetAsync(saved.Id.Value));
        await using var db = new MusicDbContext(_options);
        Assert.Equal(0, await db.PlaylistTracks.CountAsync());
    }

    [Fact]
    public async Task BadPlaylistsAreRefusedFieldByFieldInWords()
    {
        var store = new PlaylistStore(Factory);
        var result = await store.CreateAsync("", 777, []);
        Assert.False(result.Saved);
        Assert.Equal(["a playlist needs a name"], result.Problems["name"]);
        Assert.Equal(["a playlist needs at least one track"], result.Problems["trackIds"]);
        Assert.Equal(["no run 777"], result.Problems["runId"]);
        var unknown = await store.CreateAsync("x", null, [_ids[0], 4242, 4343]);
        Assert.Equal(["no track with id 4242, 4343"], unknown.Problems["trackIds"]);
        Assert.Contains("at most 200 characters", (await store.CreateAsync(new string('a', 201), null, [_ids[0]])).Problems["name"][0]);
        await using var db = new MusicDbContext(_options);
        Assert.Equal(0, await db.Playlists.CountAsync());
    }

    [Fact]
    public async Task TheM3uIsExtendedWithDurationsTitlesAndAbsolutePathsAndTheCsvReadsBack()
    {
        var store = new PlaylistStore(Factory);
        var saved = await store.CreateAsync("Mix\nof two", null, [_ids[0], _ids[1], _ids[2]]);
        var detail = (await new PlaylistQuery(Factory).GetAsync(saved.Id!.Value))!;
        var m3u = PlaylistExport.M3u(detail);
        Assert.Equal(string.Join("\n",
            "#EXTM3U",
            "#PLAYLIST:Mix of two",
            "#EXTINF:30,pop.00000 (pop)",
            "/music/demo/genres/pop/pop.00000.wav",
            "#EXTINF:61,rock, live.00001 (rock)",
            "/music/demo/genres/rock/rock, live.00001.wav",
            "#EXTINF:-1,loose",
            "/music/demo/loose.wav",
            ""), m3u);

        var rows = Csv.ReadRecords(new StringReader(PlaylistExport.Csv(detail)), "playlist.csv");
        Assert.Equal(PlaylistExport.CsvHeader, rows[0]);
        Assert.Equal(["2", _ids[1].ToString(), "rock, live.00001", "rock", "61.2", "genres/rock/rock, live.00001.wav", "/music/demo/genres/rock/rock, live.00001.wav"], rows[2]);
        Assert.Equal("Mix_of_two.m3u", PlaylistExport.FileName(detail.Summary, "m3u"));
    }
}

using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Metrics;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Model;

namespace MusicDashboard.Dashboard.Tests.Components;

/// <summary>The runs list's filters, sorts (metric columns too: the model's row or the best of the rows) and paging
/// through <see cref="RunsQuery.ListAsync"/> on a real SQLite file and PostgreSQL database, and the query keys the page's address and the API share.</summary>
public abstract class RunsQueryTests(TestDatabase database) : DatabaseTest(database)
{
    public sealed class Sqlite() : RunsQueryTests(new SqliteTestDatabase());

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresServer server) : RunsQueryTests(new PostgresTestDatabase(server));

    private DbContextOptions<MusicDbContext> _options = default!;

    private static MetricRowEntity Row(int order, string input, double? nmi, double? ari, double silhouette) =>
        new() { Order = order, Row = new MetricsRow($"{input} + KMeans", input, "KMeans", 10, silhouette, 1, 1, ari, nmi, 0.5, 0) };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _options = Options;
        await using var db = new MusicDbContext(_options);
        var t0 = new DateTime(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);
        RunEntity Run(string name, string preset, string dataset, RunState state, int minutes, params MetricRowEntity[] rows) => new()
        {
            Name = name, Preset = preset, Dataset = dataset, DatasetRoot = "/" + dataset, ConfigJson = "{}", State = state,
            CreatedAt = t0.AddMinutes(minutes), StartedAt = state == RunState.Queued ? null : t0.AddMinutes(minutes),
            FinishedAt = state is RunState.Completed or RunState.Failed ? t0.AddMinutes(2 * minutes + 1) : null, Metrics = [.. rows],
        };
        db.Runs.AddRange(
            // "a": the baseline row beats the model's row on NMI (0.9 vs 0.5); "b": the model's row is the best (0.7).
            Run("alpha audio", "mlp-vae-audio", "demo", RunState.Completed, 1, Row(0, "MFCC", 0.9, 0.2, 0.1), Row(1, "Latent", 0.5, 0.4, 0.3)),
            Run("beta 100% lyrics", "mlp-vae-lyrics", "demo", RunState.Completed, 2, Row(0, "MFCC", 0.3, 0.1, 0.2), Row(1, "Latent", 0.7, 0.3, 0.25)),
            Run("gamma audio", "mlp-vae-audio", "gtzan", RunState.Failed, 3),
            Run("delta queued", "cvae-fusion", "gtzan", RunState.Queued, 4));
        await db.SaveChangesAsync();
    }

    private RunsQuery Query => new(new Microsoft.EntityFrameworkCore.Infrastructure.PooledDbContextFactory<MusicDbContext>(_options));

    private async Task<List<string>> NamesAsync(string query)
    {
        var values = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query);
        var (request, problems) = RunListRequest.Parse(k => values.TryGetValue(k, out var v) ? v.ToString() : null);
        Assert.Empty(problems);
        var list = await Query.ListAsync(request);
        return list.Runs.Select(r => r.Name.Split(' ')[0]).ToList();
    }

    [Fact]
    public async Task NewestFirstByDefault() => Assert.Equal(["delta", "gamma", "beta", "alpha"], await NamesAsync(""));

    [Fact]
    public async Task FiltersByStatePresetDatasetAndWordsOfTheName()
    {
        Assert.Equal(["beta", "alpha"], await NamesAsync("?state=completed"));
        Assert.Equal(["delta", "gamma"], await NamesAsync("?state=failed,QUEUED"));
        Assert.Equal(["gamma", "alpha"], await NamesAsync("?preset=mlp-vae-audio"));
        Assert.Equal(["gamma"], await NamesAsync("?preset=mlp-vae-audio&dataset=gtzan"));
        Assert.Equal(["gamma", "alpha"], await NamesAsync("?q=AUDIO"));
        Assert.Equal(["beta"], await NamesAsync("?q=100%25")); // % is literal
        Assert.Empty(await NamesAsync("?q=_udio"));            // _ is literal too
    }

    [Fact]
    public async Task SortsByMetricsOfTheModelsRowOrTheBestRowWithRunsWithoutValuesLast()
    {
        Assert.Equal(["beta", "alpha", "delta", "gamma"], await NamesAsync("?sort=-nmi"));
        Assert.Equal(["alpha", "beta", "delta", "gamma"], await NamesAsync("?sort=-nmi&metrics=best"));
        Assert.Equal(["alpha", "beta", "delta", "gamma"], await NamesAsync("?sort=nmi"));
        Assert.Equal(["beta", "alpha", "delta", "gamma"], await NamesAsync("?sort=silhouette"));
        Assert.Equal(["alpha", "beta", "delta", "gamma"], await NamesAsync("?sort=-ari"));
        Assert.Equal(["alpha", "beta", "delta", "gamma"], await NamesAsync("?sort=name"));
        Assert.Equal(["alpha", "beta", "gamma", "delta"], await NamesAsync("?sort=duration")); // 2, 3, 4 min; the queued run has none

        var summary = (await Query.ListAsync(new RunListRequest { Text = "alpha" })).Runs.Single();
        Assert.Equal(0.5, summary.Metric("nmi", RunMetricSource.Model));
        Assert.Equal(0.9, summary.Metric("nmi", RunMetricSource.Best));
        Assert.Null((await Query.ListAsync(new RunListRequest { Text = "gamma" })).Runs.Single().Metric("nmi", RunMetricSource.Best));
    }

    [Fact]
    public async Task PagesAfterSortingAndCountsEveryMatch()
    {
        var list = await Query.ListAsync(new RunListRequest { Sort = "name", Descending = false, Offset = 1, Limit = 2 });
        Assert.Equal(4, list.Total);
        Assert.Equal(["beta 100% lyrics", "delta queued"], list.Runs.Select(r => r.Name));
        Assert.Equal(["cvae-fusion", "mlp-vae-audio", "mlp-vae-lyrics"], (await Query.FacetsAsync()).Presets);
        Assert.Equal(["demo", "gtzan"], (await Query.FacetsAsync()).Datasets);
    }

    [Fact]
    public void QueryValuesThatMeanNothingAreProblemsInWordsAndTheAddressRoundTrips()
    {
        var values = new Dictionary<string, string> { ["state"] = "done,failed", ["sort"] = "colour", ["metrics"] = "2", ["limit"] = "0", ["offset"] = "-1" };
        var (_, problems) = RunListRequest.Parse(k => values.GetValueOrDefault(k));
        Assert.Equal(["state", "sort", "metrics", "offset", "limit"], problems.Select(p => p.Key));
        Assert.Contains("'done' is not a run state", problems[0].Message);

        var request = new RunListRequest { States = [RunState.Failed], Preset = "cvae-fusion", Text = "x", Sort = "nmi", Descending = false, Metrics = RunMetricSource.Best };
        var query = request.ToQuery();
        var (back, none) = RunListRequest.Parse(k => query.GetValueOrDefault(k));
        Assert.Empty(none);
        Assert.Equal(request.SortText, back.SortText);
        Assert.Equal(request.States, back.States);
        Assert.Equal((request.Preset, request.Text, request.Metrics), (back.Preset, back.Text, back.Metrics));
        Assert.All(new RunListRequest().ToQuery().Values, Assert.Null); // the defaults leave the address clean
    }
}

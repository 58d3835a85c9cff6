using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Metrics;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Core.Tests.Storage;

/// <summary>The metric row is stored as it is (a complex property of <see cref="MetricRowEntity"/>), in the columns the
/// migrations created before the entity held the record; on SQLite and PostgreSQL.</summary>
public abstract class MetricRowStorageTests(TestDatabase database) : DatabaseTest(database)
{
    public sealed class Sqlite() : MetricRowStorageTests(new SqliteTestDatabase())
    {
        [Fact]
        public void ARowStoredBeforeUnitsWereRecordedIsShownAsScoredOnClips()
        {
            var old = new MetricsRow("Raw MFCC + KMeans", "MFCC", "KMeans", 10, 0.1, 2, 100, 0.2, 0.3, 0.4, 1);
            Assert.Equal("clips", old.WithDefaultUnit().Unit);
            Assert.Equal("tracks", (old with { Unit = "tracks" }).WithDefaultUnit().Unit);
        }
    }

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresServer server) : MetricRowStorageTests(new PostgresTestDatabase(server));

    [Fact]
    public async Task TheRowRoundTripsThroughTheOldColumnsAndAggregatesAreNotStored()
    {
        var options = Options;
        var row = new MetricsRow("MLP-VAE (Audio) + KMeans", "Latent", "KMeans", 10, 0.25, 1.5, 310.25, 0.19, null, 0.34, 2.5)
            { Unit = "tracks", Units = 100, Note = "beyond the study", NmiStd = 0.01, Seeds = [0, 1], Ami = 0.2 };
        int runId;
        await using (var db = new MusicDbContext(options))
        {
            var run = new RunEntity { Name = "r", Preset = "p", Dataset = "d", DatasetRoot = "/d", ConfigJson = "{}", State = RunState.Completed };
            run.Metrics.Add(new MetricRowEntity { Order = 0, Row = row });
            db.Runs.Add(run);
            await db.SaveChangesAsync();
            runId = run.Id;
        }
        await using (var db = new MusicDbContext(options))
        {
            var stored = (await db.MetricRows.AsNoTracking().SingleAsync(m => m.RunId == runId)).Row;
            // What a run has: every field of the row; what only reports have (std over seeds, extra scores): nothing.
            Assert.Equal(row with { NmiStd = null, Seeds = null, Ami = null }, stored);
            // The old column names, so databases made before keep working without a migration.
            var columns = await ColumnsAsync(db, "MetricRows");
            Assert.Equal(["Ari", "CalinskiHarabasz", "Clustering", "DaviesBouldin", "Id", "Input", "K", "Method", "Nmi", "Note", "Order", "Purity",
                "RunId", "Seconds", "Silhouette", "Unit", "Units"], columns);
            await using var migrations = Database.MigrationContext(Db.Settings);
            Assert.Empty(await migrations.Database.GetPendingMigrationsAsync());
        }
    }

    /// <summary>The table's column names, sorted, as the provider reports them for a query of no rows.</summary>
    private static async Task<List<string>> ColumnsAsync(MusicDbContext db, string table)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" WHERE 1 = 0";
            await using var reader = await command.ExecuteReaderAsync();
            return Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).Order(StringComparer.Ordinal).ToList();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

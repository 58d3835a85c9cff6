using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Core.Tests.Storage;

/// <summary>Each provider's migration set builds today's model: an empty database migrated by the start-up has no pending
/// migration, and the model has no change that a migration does not hold (a forgotten `dotnet ef migrations add` for
/// either provider fails here).</summary>
public abstract class MigrationTests(TestDatabase database) : DatabaseTest(database)
{
    public sealed class Sqlite() : MigrationTests(new SqliteTestDatabase())
    {
        [Fact]
        public void TheSqliteSetKeepsItsMigrationIdsSoExistingDatabasesStayValid()
        {
            using var db = Db.Open();
            Assert.Equal(["20261124191945_Initial", "20261125092210_Transcripts", "20261201002721_MetricUnits", "20261201061250_StudiesAndRunLogs",
                "20261201075337_LatentsAndPlaylists", "20261206064104_AutoResume"], db.Database.GetMigrations().Take(6));
        }
    }

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresServer server) : MigrationTests(new PostgresTestDatabase(server));

    [Fact]
    public async Task AnEmptyDatabaseIsMigratedToTheModelWithNothingPending()
    {
        await using var db = Database.MigrationContext(Db.Settings);
        Assert.Equal(Db.Provider == DatabaseProvider.Sqlite ? typeof(MusicDbContext) : typeof(PostgresMusicDbContext), db.GetType());
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), $"the model has changes no {Db.Provider} migration holds: add one (docs/architecture.md)");
    }
}

using MusicDashboard.Core.Runtime;
using MusicDashboard.Core.Configuration;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Core.Tests.Storage;

/// <summary>MusicDashboard:DatabaseProvider and MusicDashboard:Database: what each provider makes of them, and a setting
/// that cannot work refused in one line saying what to set.</summary>
public sealed class DatabaseSettingsTests
{
    private static DatabaseSettings From(string? provider, string database) =>
        new AppPaths(new MusicDashboardOptions { DatabaseProvider = provider!, Database = database }, "/srv/musicdash").Database;

    [Fact]
    public void SqliteIsTheDefaultAndItsFileIsResolvedAgainstTheConfigurationFolder()
    {
        var settings = new AppPaths(new MusicDashboardOptions(), "/srv/musicdash").Database;
        Assert.Equal((DatabaseProvider.Sqlite, "/srv/musicdash/data/musicdash.db"), (settings.Provider, settings.Connection));
        Assert.Equal("/srv/musicdash/data/musicdash.db", settings.Name);
        Assert.Equal(DatabaseProvider.Sqlite, From("SQLite", "/var/lib/m.db").Provider);
        Assert.Equal("/var/lib/m.db", From(null, "/var/lib/m.db").Connection);
    }

    [Fact]
    public void PostgreSqlTakesTheConnectionStringAsItIsAndNamesItWithoutThePassword()
    {
        const string connection = "Host=db.lab;Port=5433;Database=music;Username=dash;Password=s3cret";
        var settings = From("postgresql", connection);
        Assert.Equal((DatabaseProvider.PostgreSql, connection), (settings.Provider, settings.Connection));
        Assert.Equal("PostgreSQL at db.lab:5433, database music", settings.Name);
        Assert.DoesNotContain("s3cret", settings.ToString());
        Assert.Equal(DatabaseProvider.PostgreSql, From(" PostgreSQL ", connection).Provider);
    }

    [Theory]
    [InlineData("mysql", "x", "unknown MusicDashboard:DatabaseProvider 'mysql': set it to sqlite (the default: MusicDashboard:Database is a file) or postgresql (MusicDashboard:Database is then an Npgsql connection string)")]
    [InlineData("postgresql", " ", "MusicDashboard:Database is empty: with MusicDashboard:DatabaseProvider = postgresql set it to an Npgsql connection string (Host=db.example;Port=5432;Database=musicdash;Username=musicdash;Password=...)")]
    [InlineData("postgresql", "Database=music;Username=dash", "MusicDashboard:Database names no Host: with MusicDashboard:DatabaseProvider = postgresql it is an Npgsql connection string such as Host=db.example;Port=5432;Database=musicdash;Username=musicdash;Password=...")]
    [InlineData("sqlite", "", "MusicDashboard:Database is empty: set it to the SQLite file to keep the runs in (default data/musicdash.db)")]
    public void ASettingThatCannotWorkIsOneLineSayingWhatToSet(string provider, string database, string expected)
    {
        var e = Assert.Throws<StorageException>(() => From(provider, database));
        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public void AMalformedConnectionStringNamesTheKeyAtFaultButNotTheSecret()
    {
        var e = Assert.Throws<StorageException>(() => From("postgresql", "Host=db;Pasword=s3cret"));
        Assert.StartsWith("MusicDashboard:Database is not a valid PostgreSQL connection string (", e.Message);
        Assert.Contains("pasword", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("s3cret", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public async Task AServerThatIsNotThereIsOneLineNamingHostAndPort()
    {
        var port = LoopbackPort.Free(); // nothing listens there
        var settings = DatabaseSettings.PostgreSql($"Host=127.0.0.1;Port={port};Database=music;Username=dash;Timeout=5");
        var e = await Assert.ThrowsAsync<StorageException>(() => Database.MigrateAsync(settings));
        Assert.StartsWith($"cannot connect to PostgreSQL at 127.0.0.1:{port}, database music (", e.Message);
        Assert.EndsWith("): is the server running, and is MusicDashboard:Database right?", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }
}

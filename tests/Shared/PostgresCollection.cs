namespace MusicDashboard.Tests;

/// <summary>The test classes that run on PostgreSQL share one <see cref="PostgresServer"/> per test assembly, each test
/// with a database of its own.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL server";
}

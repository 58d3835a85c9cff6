using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MusicDashboard.Core.Storage;

/// <summary>Lets <c>dotnet ef migrations add X --context PostgresMusicDbContext -o Storage/Migrations/Postgres</c> build the
/// PostgreSQL model without a server (adding a migration never connects).</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresMusicDbContext>
{
    public PostgresMusicDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresMusicDbContext>().UseNpgsql("Host=localhost;Database=design-time").Options);
}

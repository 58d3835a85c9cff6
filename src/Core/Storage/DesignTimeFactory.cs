using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MusicDashboard.Core.Storage;

/// <summary>Lets <c>dotnet ef migrations add X --context MusicDbContext</c> (the SQLite set) build the model without
/// starting the application.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<MusicDbContext>
{
    public MusicDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<MusicDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

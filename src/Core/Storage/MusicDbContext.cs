using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MusicDashboard.Core.Storage;

public sealed class MusicDbContext(DbContextOptions<MusicDbContext> options) : DbContext(options)
{
    public DbSet<TrackEntity> Tracks => Set<TrackEntity>();
    public DbSet<RunEntity> Runs => Set<RunEntity>();
    public DbSet<EpochEntity> Epochs => Set<EpochEntity>();
    public DbSet<MetricRowEntity> MetricRows => Set<MetricRowEntity>();
    public DbSet<AssignmentEntity> Assignments => Set<AssignmentEntity>();
    public DbSet<TranscriptEntity> Transcripts => Set<TranscriptEntity>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<TrackEntity>(e =>
        {
            e.ToTable("Tracks");
            e.HasIndex(t => new { t.DatasetRoot, t.RelativePath }).IsUnique();
            e.HasIndex(t => t.Genre);
        });
        b.Entity<RunEntity>(e =>
        {
            e.ToTable("Runs");
            e.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(r => r.State);
            e.HasMany(r => r.Epochs).WithOne().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(r => r.Metrics).WithOne().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<EpochEntity>(e => { e.ToTable("Epochs"); e.HasIndex(x => new { x.RunId, x.Epoch }).IsUnique(); });
        b.Entity<MetricRowEntity>(e => { e.ToTable("MetricRows"); e.HasIndex(x => x.RunId); });
        b.Entity<AssignmentEntity>(e =>
        {
            e.ToTable("Assignments");
            e.HasIndex(x => new { x.RunId, x.Method, x.Cluster });
            e.HasIndex(x => new { x.RunId, x.TrackId });
            e.HasOne<RunEntity>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<TrackEntity>().WithMany().HasForeignKey(x => x.TrackId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<TranscriptEntity>(e =>
        {
            e.ToTable("Transcripts");
            e.HasIndex(x => new { x.TrackId, x.Source }).IsUnique();
            e.HasIndex(x => new { x.ContentHash, x.Source });
            e.Property(x => x.Source).HasMaxLength(260);
            e.HasOne<TrackEntity>().WithMany().HasForeignKey(x => x.TrackId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the application.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<MusicDbContext>
{
    public MusicDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<MusicDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

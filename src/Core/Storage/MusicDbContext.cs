using Microsoft.EntityFrameworkCore;

namespace MusicDashboard.Core.Storage;

/// <summary>The model, on either provider (the options say which). Not sealed only so that <see cref="PostgresMusicDbContext"/>
/// can carry PostgreSQL's migration set; the SQLite migrations are this type's.</summary>
public class MusicDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<TrackEntity> Tracks => Set<TrackEntity>();
    public DbSet<RunEntity> Runs => Set<RunEntity>();
    public DbSet<EpochEntity> Epochs => Set<EpochEntity>();
    public DbSet<MetricRowEntity> MetricRows => Set<MetricRowEntity>();
    public DbSet<AssignmentEntity> Assignments => Set<AssignmentEntity>();
    public DbSet<TranscriptEntity> Transcripts => Set<TranscriptEntity>();
    public DbSet<RunLogEntity> RunLogs => Set<RunLogEntity>();
    public DbSet<StudyEntity> Studies => Set<StudyEntity>();
    public DbSet<LatentEntity> Latents => Set<LatentEntity>();
    public DbSet<PlaylistEntity> Playlists => Set<PlaylistEntity>();
    public DbSet<PlaylistTrackEntity> PlaylistTracks => Set<PlaylistTrackEntity>();
    public DbSet<FeatureExtractionEntity> FeatureExtractions => Set<FeatureExtractionEntity>();
    public DbSet<FeatureShardEntity> FeatureShards => Set<FeatureShardEntity>();

    protected override void ConfigureConventions(ModelConfigurationBuilder b)
    {
        // PostgreSQL's timestamptz takes UTC only; SQLite keeps its values as they were (the embedded default unchanged).
        if (Database.IsNpgsql()) b.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

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
            e.Property(r => r.Device).HasMaxLength(16);
            e.Property(r => r.JobId).HasMaxLength(64);
            e.Property(r => r.Worker).HasMaxLength(200);
            e.HasMany(r => r.Epochs).WithOne().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(r => r.Metrics).WithOne().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<EpochEntity>(e => { e.ToTable("Epochs"); e.HasIndex(x => new { x.RunId, x.Epoch }).IsUnique(); });
        b.Entity<MetricRowEntity>(e =>
        {
            e.ToTable("MetricRows");
            e.HasIndex(x => x.RunId);
            // The row's fields keep the columns they had before the entity held the record: no migration, same schema.
            e.ComplexProperty(x => x.Row, row =>
            {
                row.Property(r => r.Method).HasColumnName("Method");
                row.Property(r => r.Input).HasColumnName("Input");
                row.Property(r => r.Clustering).HasColumnName("Clustering");
                row.Property(r => r.K).HasColumnName("K");
                row.Property(r => r.Silhouette).HasColumnName("Silhouette");
                row.Property(r => r.DaviesBouldin).HasColumnName("DaviesBouldin");
                row.Property(r => r.CalinskiHarabasz).HasColumnName("CalinskiHarabasz");
                row.Property(r => r.Ari).HasColumnName("Ari");
                row.Property(r => r.Nmi).HasColumnName("Nmi");
                row.Property(r => r.Purity).HasColumnName("Purity");
                row.Property(r => r.Seconds).HasColumnName("Seconds");
                row.Property(r => r.Unit).HasColumnName("Unit");
                row.Property(r => r.Units).HasColumnName("Units");
                row.Property(r => r.Note).HasColumnName("Note");
                // Aggregates over seeds and the extra scores are reports' business, not a run's.
                row.Ignore(r => r.SilhouetteStd); row.Ignore(r => r.DaviesBouldinStd); row.Ignore(r => r.CalinskiHarabaszStd);
                row.Ignore(r => r.AriStd); row.Ignore(r => r.NmiStd); row.Ignore(r => r.PurityStd); row.Ignore(r => r.SecondsStd);
                row.Ignore(r => r.Seeds);
                row.Ignore(r => r.Ami); row.Ignore(r => r.Homogeneity); row.Ignore(r => r.Completeness); row.Ignore(r => r.VMeasure);
                row.Ignore(r => r.Accuracy);
            });
        });
        b.Entity<AssignmentEntity>(e =>
        {
            e.ToTable("Assignments");
            e.HasIndex(x => new { x.RunId, x.Method, x.Cluster });
            e.HasIndex(x => new { x.RunId, x.TrackId });
            e.HasOne<RunEntity>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<TrackEntity>().WithMany().HasForeignKey(x => x.TrackId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<RunLogEntity>(e =>
        {
            e.ToTable("RunLogs");
            e.HasIndex(x => new { x.RunId, x.Seq }).IsUnique();
            e.Property(x => x.Stage).HasMaxLength(32);
            e.HasOne<RunEntity>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<StudyEntity>(e =>
        {
            e.ToTable("Studies");
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            e.HasMany(x => x.Runs).WithOne().HasForeignKey(r => r.StudyId).OnDelete(DeleteBehavior.SetNull);
        });
        b.Entity<TranscriptEntity>(e =>
        {
            e.ToTable("Transcripts");
            e.HasIndex(x => new { x.TrackId, x.Source }).IsUnique();
            e.HasIndex(x => new { x.ContentHash, x.Source });
            e.Property(x => x.Source).HasMaxLength(260);
            e.HasOne<TrackEntity>().WithMany().HasForeignKey(x => x.TrackId).OnDelete(DeleteBehavior.Cascade);
        });
        // The map's latents and the playlists (issue 15).
        b.Entity<LatentEntity>(e =>
        {
            e.ToTable("Latents");
            e.HasIndex(x => new { x.RunId, x.TrackId }).IsUnique();
            e.HasOne<RunEntity>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<TrackEntity>().WithMany().HasForeignKey(x => x.TrackId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<PlaylistEntity>(e =>
        {
            e.ToTable("Playlists");
            e.Property(x => x.Name).HasMaxLength(200);
            e.HasOne<RunEntity>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.SetNull);
            e.HasMany(x => x.Tracks).WithOne().HasForeignKey(x => x.PlaylistId).OnDelete(DeleteBehavior.Cascade);
        });
        // Scale-out (issue 17): feature extraction in shards over the workers.
        b.Entity<FeatureExtractionEntity>(e =>
        {
            e.ToTable("FeatureExtractions");
            e.Property(x => x.Preset).HasMaxLength(64);
            e.HasMany(x => x.Shards).WithOne().HasForeignKey(x => x.ExtractionId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<FeatureShardEntity>(e =>
        {
            e.ToTable("FeatureShards");
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(x => new { x.ExtractionId, x.Index }).IsUnique();
        });
        b.Entity<PlaylistTrackEntity>(e =>
        {
            e.ToTable("PlaylistTracks");
            e.HasIndex(x => new { x.PlaylistId, x.Position }).IsUnique();
            e.HasOne<TrackEntity>().WithMany().HasForeignKey(x => x.TrackId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

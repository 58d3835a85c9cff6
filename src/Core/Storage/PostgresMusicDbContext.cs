using Microsoft.EntityFrameworkCore;

namespace MusicDashboard.Core.Storage;

/// <summary>
/// The same model as <see cref="MusicDbContext"/>, as its own type only so that PostgreSQL carries its own migration set
/// (Storage/Migrations/Postgres; EF Core picks migrations by context type, one type per provider). Only migrating needs it:
/// everything else opens <c>new MusicDbContext(options)</c> on either provider.
/// </summary>
public sealed class PostgresMusicDbContext(DbContextOptions options) : MusicDbContext(options);

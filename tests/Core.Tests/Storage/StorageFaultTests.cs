using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Core.Tests.Storage;

/// <summary>
/// A full disk and a read-only data folder are said in words (<see cref="StorageFault"/>), from the real errors: SQLite's
/// own "database or disk is full" and "attempt to write a readonly database", and the kernel's ENOSPC and EROFS from a
/// tmpfs of a few kilobytes or mounted read-only (root can write through permission bits, not through a read-only mount).
/// The mount tests need the right to mount: they fail when the tests run as root and mounting fails, and say they did
/// nothing otherwise (the SQLite cases still run).
/// </summary>
public sealed class StorageFaultTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("musicdash-storage-").FullName;
    private readonly List<TmpfsMount> _mounts = [];
    private string DbPath => Path.Combine(_dir, "music.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var m in _mounts) m.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static RunEntity Run(string config) => new()
    {
        Name = "r", Preset = "p", Dataset = "d", DatasetRoot = "/d", ConfigJson = config, State = RunState.Running, CreatedAt = DateTime.UtcNow,
    };

    private TmpfsMount? Mount(string name, string size, bool readOnly = false)
    {
        var mount = TmpfsMount.TryMount(Path.Combine(_dir, name), size, readOnly, out var whyNot);
        if (mount is null)
        {
            Assert.False(Environment.IsPrivilegedProcess, $"running as root, yet a tmpfs could not be mounted: {whyNot}");
            return null;
        }
        _mounts.Add(mount);
        return mount;
    }

    [Fact]
    public async Task TheDatabaseIsInWalModeWithFullSynchronousOnEveryConnection()
    {
        await Database.MigrateAsync(DbPath);
        await using var db = new MusicDbContext(Database.Options(DbPath));
        await db.Database.OpenConnectionAsync();
        Assert.Equal("wal", db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").AsEnumerable().Single());
        // 2 = FULL: in WAL mode a commit syncs the log, so a committed epoch survives a power loss, not only a kill.
        Assert.Equal(2L, db.Database.SqlQueryRaw<long>("PRAGMA synchronous").AsEnumerable().Single());
    }

    [Fact]
    public async Task AFullDatabaseIsSaidAsNoSpaceLeftWritingTheDatabase()
    {
        await Database.MigrateAsync(DbPath);
        await using var db = new MusicDbContext(Database.Options(DbPath));
        await db.Database.OpenConnectionAsync();
        // The database may not grow past its present size on this connection: SQLite's own SQLITE_FULL, as on a full disk.
        var pages = db.Database.SqlQueryRaw<long>("PRAGMA page_count").AsEnumerable().Single();
        db.Database.SqlQueryRaw<long>($"PRAGMA max_page_count = {pages}").AsEnumerable().Single();
        db.Runs.Add(Run(new string('x', 200_000)));
        var e = Assert.Throws<DbUpdateException>(() => db.SaveChanges());
        Assert.Equal($"no space left on device writing the database {DbPath}: free some space, then resume the run", StorageFault.Describe(e, _dir, DbPath));
    }

    [Fact]
    public async Task AReadOnlyDatabaseIsSaidSo()
    {
        await Database.MigrateAsync(DbPath);
        var readOnly = new DbContextOptionsBuilder<MusicDbContext>().UseSqlite($"Data Source={DbPath};Mode=ReadOnly;Pooling=False").Options;
        await using var db = new MusicDbContext(readOnly);
        db.Runs.Add(Run("{}"));
        var e = Assert.Throws<DbUpdateException>(() => db.SaveChanges());
        Assert.Equal($"the database {DbPath} is read-only (is the data folder {_dir} read-only?): it cannot be written", StorageFault.Describe(e, _dir, DbPath));
        Assert.Null(StorageFault.Describe(new InvalidOperationException("something else"), _dir, DbPath));
    }

    [Fact]
    public void AFullDiskIsSaidAsNoSpaceLeftWritingTheFileTheCheckpointNamedSo()
    {
        if (Mount("full", "64k") is not { } mount) return;
        var checkpoint = Path.Combine(mount.Folder, "runs", "7", "checkpoint");
        Directory.CreateDirectory(checkpoint);
        var file = Path.Combine(checkpoint, "model.bin.tmp");
        var e = Assert.ThrowsAny<IOException>(() => File.WriteAllBytes(file, new byte[1 << 20]));
        Assert.Equal($"no space left on device writing the checkpoint {file}: free some space, then resume the run", StorageFault.Describe(e, mount.Folder, DbPath));
        var other = Path.Combine(mount.Folder, "other.bin");
        var e2 = Assert.ThrowsAny<IOException>(() => File.WriteAllBytes(other, new byte[1 << 20]));
        Assert.StartsWith($"no space left on device writing {other}", StorageFault.Describe(e2, mount.Folder, DbPath));
        var refused = Assert.Throws<StorageException>(() => StorageFault.EnsureWritable(mount.Folder, "the data folder"));
        Assert.StartsWith($"the data folder {mount.Folder} has no space left on device", refused.Message);
    }

    [Fact]
    public async Task AReadOnlyDataFolderIsSaidSoAndTheDatabaseIsNotOpenedOnIt()
    {
        if (Mount("ro", "1m", readOnly: true) is not { } mount) return;
        var file = Path.Combine(mount.Folder, "log.txt");
        var e = Assert.ThrowsAny<IOException>(() => File.WriteAllText(file, "x"));
        Assert.Equal($"the data folder {mount.Folder} is read-only: {file} cannot be written", StorageFault.Describe(e, mount.Folder, DbPath));

        var refused = await Assert.ThrowsAsync<StorageException>(() => Database.MigrateAsync(Path.Combine(mount.Folder, "musicdash.db")));
        Assert.StartsWith($"the database folder {mount.Folder} is read-only: the dashboard keeps its database", refused.Message);
        var notAFolder = Path.Combine(_dir, "a-file");
        File.WriteAllText(notAFolder, "");
        Assert.Equal($"the data folder {notAFolder} is a file, not a folder: point the setting at a folder",
            Assert.Throws<StorageException>(() => StorageFault.EnsureWritable(notAFolder, "the data folder")).Message);
    }
}

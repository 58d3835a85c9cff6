using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using MusicDashboard.Core.Audio;

namespace MusicDashboard.Core.Features;

/// <summary>
/// Per-track feature cache on disk. An entry is keyed by the SHA-256 of the audio file's bytes (so renaming or moving a
/// file keeps its entry, and editing it does not) and by a hash of every feature parameter and the clip policy (so
/// changing any of them reads nothing old). Layout: <c>&lt;dir&gt;/&lt;parameter hash&gt;/&lt;content hash&gt;.feat</c>,
/// with <c>parameters.json</c> beside the entries saying what they were computed with. Each entry ends with the SHA-256
/// of its own bytes: a truncated or altered entry is detected, deleted and recomputed, never trusted.
/// </summary>
public sealed class FeatureCache
{
    /// <summary>Bumped whenever the feature code changes its numbers, so old entries stop matching.</summary>
    public const string FormatVersion = "features-v3";
    private static ReadOnlySpan<byte> Magic => "MDFC"u8;
    private const int HeaderBytes = 16, HashBytes = 32;

    private int _hits, _misses, _corrupt;

    public FeatureCache(string directory, string parameterKey, object parameters)
    {
        Directory = Path.Combine(Path.GetFullPath(directory), parameterKey);
        System.IO.Directory.CreateDirectory(Directory);
        var description = Path.Combine(Directory, "parameters.json");
        if (!File.Exists(description))
            AtomicWrite(description, JsonSerializer.SerializeToUtf8Bytes(parameters, new JsonSerializerOptions { WriteIndented = true }));
    }

    public string Directory { get; }
    public FeatureCacheStats Stats => new(_hits, _misses, _corrupt);

    /// <summary>Hash of a JSON rendering of every parameter (public properties, invariant formatting) plus <see cref="FormatVersion"/>.</summary>
    public static string ParameterKey(object parameters) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new { FormatVersion, parameters })))[..24];

    public static string ContentHash(ReadOnlySpan<byte> fileBytes) => Convert.ToHexStringLower(SHA256.HashData(fileBytes));

    private string EntryPath(string contentHash) => Path.Combine(Directory, contentHash + ".feat");

    /// <summary>The cached clips of a file, or null when absent or corrupt (a corrupt entry is deleted).</summary>
    public CachedTrack? TryRead(string contentHash, int width)
    {
        var path = EntryPath(contentHash);
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            Interlocked.Increment(ref _misses);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Corrupt(path); }
        var entry = Parse(bytes, width);
        if (entry is null) return Corrupt(path);
        Interlocked.Increment(ref _hits);
        return entry;
    }

    private CachedTrack? Corrupt(string path)
    {
        Interlocked.Increment(ref _corrupt);
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return null;
    }

    private static CachedTrack? Parse(byte[] b, int width)
    {
        if (b.Length < HeaderBytes + HashBytes || !b.AsSpan(0, 4).SequenceEqual(Magic)) return null;
        var body = b.AsSpan(0, b.Length - HashBytes);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(b.AsSpan(b.Length - HashBytes))) return null;
        var clips = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(8));
        var storedWidth = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(12));
        if (BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(4)) != 1 || storedWidth != width || clips < 0 ||
            body.Length != HeaderBytes + 8L * clips + 4L * clips * width) return null;
        var offsets = new double[clips];
        var features = new float[clips][];
        var pos = HeaderBytes;
        for (var i = 0; i < clips; i++, pos += 8) offsets[i] = BinaryPrimitives.ReadDoubleLittleEndian(b.AsSpan(pos));
        for (var i = 0; i < clips; i++)
        {
            features[i] = new float[width];
            for (var k = 0; k < width; k++, pos += 4) features[i][k] = BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(pos));
        }
        return new CachedTrack(offsets, features);
    }

    public void Write(string contentHash, CachedTrack entry)
    {
        var clips = entry.Offsets.Length;
        var width = clips == 0 ? 0 : entry.Features[0].Length;
        var bytes = new byte[HeaderBytes + 8 * clips + 4 * clips * width + HashBytes];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), 1);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), clips);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), width);
        var pos = HeaderBytes;
        foreach (var o in entry.Offsets) { BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(pos), o); pos += 8; }
        foreach (var row in entry.Features)
            foreach (var v in row) { BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(pos), v); pos += 4; }
        SHA256.HashData(bytes.AsSpan(0, pos), bytes.AsSpan(pos));
        AtomicWrite(EntryPath(contentHash), bytes);
    }

    // Write beside, then rename: a crash mid-write leaves a stray temp file, never a half-written entry under the real name.
    private static void AtomicWrite(string path, byte[] bytes)
    {
        var temp = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }
}

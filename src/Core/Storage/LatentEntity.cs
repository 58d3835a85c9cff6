namespace MusicDashboard.Core.Storage;

/// <summary>
/// A track's latent mean in one run: the mean of its clips' latent means (for a run scored on tracks, the one vector all
/// its clips share), as little-endian float32. The map projects these and "sounds like" measures distances between them.
/// </summary>
public sealed class LatentEntity
{
    public long Id { get; set; }
    public int RunId { get; set; }
    public int TrackId { get; set; }
    /// <summary>Length of <see cref="Vector"/> in floats.</summary>
    public int Dimensions { get; set; }
    /// <summary>The vector, <see cref="Dimensions"/> float32 values, little-endian.</summary>
    public required byte[] Vector { get; set; }

    public static byte[] Pack(ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        return bytes;
    }

    public static float[] Unpack(byte[] bytes)
    {
        var values = new float[bytes.Length / sizeof(float)];
        for (var i = 0; i < values.Length; i++)
            values[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        return values;
    }
}

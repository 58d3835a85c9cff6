using System.Buffers.Binary;
using System.IO.Compression;
using MusicDashboard.Core.Reports;

namespace MusicDashboard.Core.Tests.Reports;

public sealed class PngCanvasTests
{
    [Fact]
    public void WritesAValidPngWhosePixelsDecodeBack()
    {
        var canvas = new PngCanvas(5, 3, (255, 255, 255));
        canvas.Set(1, 2, (10, 20, 30));
        canvas.Line(0, 0, 4, 0, (200, 0, 0));
        var png = canvas.ToPng();

        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(5, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(3, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        // IHDR's CRC by the reference algorithm, and IEND's fixed CRC from the PNG spec.
        Assert.Equal(Crc(System.Text.Encoding.ASCII.GetBytes("IHDR").Concat(png[16..29]).ToArray()), BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(29)));
        Assert.Equal(new byte[] { 0xAE, 0x42, 0x60, 0x82 }, png[^4..]);

        var idatLength = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(33));
        Assert.Equal("IDAT", System.Text.Encoding.ASCII.GetString(png, 37, 4));
        using var z = new ZLibStream(new MemoryStream(png, 41, idatLength), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        var rows = raw.ToArray();
        Assert.Equal(3 * (1 + 5 * 3), rows.Length);
        Assert.Equal(new byte[] { 0, 200, 0, 0 }, rows[..4]);                 // filter byte, then the red line
        Assert.Equal(new byte[] { 10, 20, 30 }, rows[(2 * 16 + 1 + 3)..(2 * 16 + 1 + 6)]); // pixel (1, 2)
        Assert.Equal((255, 255, 255), ((int, int, int))canvas[4, 2]);
    }

    [Fact]
    public void ReferenceCrcMatchesTheStandardCheckValue() =>
        Assert.Equal(0xCBF43926u, Crc(System.Text.Encoding.ASCII.GetBytes("123456789")));

    [Fact]
    public void DrawingOutsideTheCanvasIsClippedNotAnError()
    {
        var canvas = new PngCanvas(4, 4, (0, 0, 0));
        canvas.Dot(-10, 50, 3, (1, 2, 3));
        canvas.Line(-5, -5, 10, 10, (9, 9, 9), thickness: 3);
        Assert.Equal((9, 9, 9), ((int, int, int))canvas[2, 2]);
    }

    /// <summary>Bitwise CRC-32 (the PNG spec's reference algorithm, no table), checked against the standard check value.</summary>
    private static uint Crc(byte[] data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            c ^= b;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        return c ^ 0xFFFFFFFFu;
    }
}

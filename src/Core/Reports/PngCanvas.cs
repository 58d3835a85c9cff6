using System.Buffers.Binary;
using System.IO.Compression;

namespace MusicDashboard.Core.Reports;

/// <summary>
/// A tiny RGB raster with lines, dots and boxes, saved as PNG (8-bit truecolour, zlib via System.IO.Compression).
/// Enough for headless report figures (loss curves, 2-D projections) without a native graphics library.
/// </summary>
public sealed class PngCanvas
{
    public int Width { get; }
    public int Height { get; }
    private readonly byte[] _rgb;

    public PngCanvas(int width, int height, (byte R, byte G, byte B) background)
    {
        if (width < 1 || height < 1 || width > 8192 || height > 8192) throw new ArgumentOutOfRangeException(nameof(width), "canvas size must be 1..8192");
        Width = width;
        Height = height;
        _rgb = new byte[width * height * 3];
        for (var i = 0; i < _rgb.Length; i += 3) { _rgb[i] = background.R; _rgb[i + 1] = background.G; _rgb[i + 2] = background.B; }
    }

    public (byte R, byte G, byte B) this[int x, int y]
    {
        get { var i = (y * Width + x) * 3; return (_rgb[i], _rgb[i + 1], _rgb[i + 2]); }
    }

    public void Set(int x, int y, (byte R, byte G, byte B) c)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height) return; // clipped, never an error
        var i = (y * Width + x) * 3;
        _rgb[i] = c.R; _rgb[i + 1] = c.G; _rgb[i + 2] = c.B;
    }

    /// <summary>Bresenham line, <paramref name="thickness"/> pixels wide (square pen).</summary>
    public void Line(int x0, int y0, int x1, int y1, (byte, byte, byte) c, int thickness = 1)
    {
        int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, err = dx + dy;
        while (true)
        {
            Fill(x0 - thickness / 2, y0 - thickness / 2, thickness, thickness, c);
            if (x0 == x1 && y0 == y1) break;
            var e2 = 2 * err;
            if (e2 >= dy) { err += dy; x0 += sx; }
            if (e2 <= dx) { err += dx; y0 += sy; }
        }
    }

    public void Dot(int cx, int cy, int radius, (byte, byte, byte) c)
    {
        for (var y = -radius; y <= radius; y++)
            for (var x = -radius; x <= radius; x++)
                if (x * x + y * y <= radius * radius) Set(cx + x, cy + y, c);
    }

    public void Fill(int x, int y, int w, int h, (byte, byte, byte) c)
    {
        for (var j = y; j < y + h; j++)
            for (var i = x; i < x + w; i++) Set(i, j, c);
    }

    public void Rectangle(int x, int y, int w, int h, (byte, byte, byte) c)
    {
        Line(x, y, x + w, y, c); Line(x + w, y, x + w, y + h, c); Line(x + w, y + h, x, y + h, c); Line(x, y + h, x, y, c);
    }

    public byte[] ToPng()
    {
        using var ms = new MemoryStream();
        ms.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, Width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), Height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // truecolour RGB; compression, filter, interlace 0
        Chunk(ms, "IHDR", ihdr);
        using (var raw = new MemoryStream())
        {
            using (var z = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
                for (var y = 0; y < Height; y++)
                {
                    z.WriteByte(0); // filter type none
                    z.Write(_rgb, y * Width * 3, Width * 3);
                }
            Chunk(ms, "IDAT", raw.ToArray());
        }
        Chunk(ms, "IEND", []);
        return ms.ToArray();
    }

    public void Save(string path) => File.WriteAllBytes(path, ToPng());

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        s.Write(typeBytes);
        s.Write(data);
        var crc = Crc32(Crc32(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(len, crc);
        s.Write(len);
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    /// <summary>PNG's CRC-32 (ISO 3309), continued from <paramref name="crc"/> (start with 0xFFFFFFFF, finish with xor).</summary>
    internal static uint Crc32(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    /// <summary>Ten distinguishable colours (matplotlib's tab10), for genres and series.</summary>
    public static readonly (byte R, byte G, byte B)[] Palette =
    [
        (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
        (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207),
    ];
}

namespace MusicDashboard.Training.Whisper;

/// <summary>
/// Block layouts of ggml's quantised types and their reference dequantisation (ggml-quants.c, <c>dequantize_row_*</c>).
/// Every block covers 32 values and starts with an f16 scale d (Q4_1 / Q5_1 also an f16 minimum m):
/// Q8_0 = d + 32 int8 (x = d q); Q4_0 = d + 16 bytes of nibbles (x = d (q - 8)); Q4_1 = d, m + nibbles (x = d q + m);
/// Q5_0 = d + 4 bytes of fifth bits + nibbles (x = d (q - 16)); Q5_1 = d, m + fifth bits + nibbles (x = d q + m).
/// Nibble j of a block holds value j in its low half and value j + 16 in its high half; fifth bit j belongs to value j.
/// </summary>
public static class GgmlQuant
{
    public const int BlockSize = 32;

    public static bool IsKnown(int type) => Enum.IsDefined(typeof(GgmlType), type);

    /// <summary>Bytes that <paramref name="count"/> values take in <paramref name="type"/>.</summary>
    public static long ByteSize(GgmlType type, long count) => type switch
    {
        GgmlType.F32 => count * 4,
        GgmlType.F16 => count * 2,
        _ => count / BlockSize * BlockBytes(type),
    };

    public static int BlockBytes(GgmlType type) => type switch
    {
        GgmlType.Q8_0 => 34,
        GgmlType.Q4_0 => 18,
        GgmlType.Q4_1 => 20,
        GgmlType.Q5_0 => 22,
        GgmlType.Q5_1 => 24,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a block type"),
    };

    public static bool IsQuantised(GgmlType type) => type is not (GgmlType.F32 or GgmlType.F16);

    /// <summary>Decodes <paramref name="src"/> (exactly <see cref="ByteSize"/> bytes) into <paramref name="dst"/>.</summary>
    public static void Dequantise(GgmlType type, ReadOnlySpan<byte> src, Span<float> dst)
    {
        switch (type)
        {
            case GgmlType.F32:
                System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(src).CopyTo(dst);
                return;
            case GgmlType.F16:
                var halves = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(src);
                for (var i = 0; i < dst.Length; i++) dst[i] = (float)halves[i];
                return;
        }
        var bb = BlockBytes(type);
        var blocks = dst.Length / BlockSize;
        for (var b = 0; b < blocks; b++)
        {
            var block = src.Slice(b * bb, bb);
            var y = dst.Slice(b * BlockSize, BlockSize);
            var d = ReadHalf(block, 0);
            switch (type)
            {
                case GgmlType.Q8_0:
                    for (var j = 0; j < 32; j++) y[j] = (sbyte)block[2 + j] * d;
                    break;
                case GgmlType.Q4_0:
                    for (var j = 0; j < 16; j++)
                    {
                        y[j] = ((block[2 + j] & 0x0F) - 8) * d;
                        y[j + 16] = ((block[2 + j] >> 4) - 8) * d;
                    }
                    break;
                case GgmlType.Q4_1:
                {
                    var m = ReadHalf(block, 2);
                    for (var j = 0; j < 16; j++)
                    {
                        y[j] = (block[4 + j] & 0x0F) * d + m;
                        y[j + 16] = (block[4 + j] >> 4) * d + m;
                    }
                    break;
                }
                case GgmlType.Q5_0:
                {
                    var qh = BitConverter.ToUInt32(block.Slice(2, 4));
                    for (var j = 0; j < 16; j++)
                    {
                        var xh0 = (int)(((qh >> j) << 4) & 0x10);
                        var xh1 = (int)((qh >> (j + 12)) & 0x10);
                        y[j] = (((block[6 + j] & 0x0F) | xh0) - 16) * d;
                        y[j + 16] = (((block[6 + j] >> 4) | xh1) - 16) * d;
                    }
                    break;
                }
                case GgmlType.Q5_1:
                {
                    var m = ReadHalf(block, 2);
                    var qh = BitConverter.ToUInt32(block.Slice(4, 4));
                    for (var j = 0; j < 16; j++)
                    {
                        var xh0 = (int)(((qh >> j) << 4) & 0x10);
                        var xh1 = (int)((qh >> (j + 12)) & 0x10);
                        y[j] = ((block[8 + j] & 0x0F) | xh0) * d + m;
                        y[j + 16] = ((block[8 + j] >> 4) | xh1) * d + m;
                    }
                    break;
                }
            }
        }
    }

    /// <summary>ggml's reference quantisers (<c>quantize_row_*_ref</c>), for writing test and benchmark model files.</summary>
    public static byte[] Quantise(GgmlType type, ReadOnlySpan<float> x)
    {
        switch (type)
        {
            case GgmlType.F32:
                return System.Runtime.InteropServices.MemoryMarshal.AsBytes(x).ToArray();
            case GgmlType.F16:
            {
                var o = new byte[x.Length * 2];
                for (var i = 0; i < x.Length; i++) BitConverter.TryWriteBytes(o.AsSpan(2 * i), (Half)x[i]);
                return o;
            }
        }
        if (x.Length % BlockSize != 0) throw new ArgumentException($"{type} needs a multiple of {BlockSize} values, got {x.Length}");
        var bb = BlockBytes(type);
        var output = new byte[x.Length / BlockSize * bb];
        for (var b = 0; b < x.Length / BlockSize; b++)
        {
            var v = x.Slice(b * BlockSize, BlockSize);
            var o = output.AsSpan(b * bb, bb);
            switch (type)
            {
                case GgmlType.Q8_0:
                {
                    float amax = 0;
                    foreach (var f in v) amax = Math.Max(amax, Math.Abs(f));
                    var d = amax / 127f;
                    var id = d != 0 ? 1f / d : 0f;
                    WriteHalf(o, 0, d);
                    for (var j = 0; j < 32; j++) o[2 + j] = (byte)(sbyte)MathF.Round(v[j] * id, MidpointRounding.AwayFromZero);
                    break;
                }
                case GgmlType.Q4_0 or GgmlType.Q5_0:
                {
                    // The value of largest magnitude, with its sign, maps to the most negative level (-8 or -16).
                    float amax = 0, max = 0;
                    foreach (var f in v) if (Math.Abs(f) > amax) { amax = Math.Abs(f); max = f; }
                    var five = type == GgmlType.Q5_0;
                    var d = max / (five ? -16f : -8f);
                    var id = d != 0 ? 1f / d : 0f;
                    WriteHalf(o, 0, d);
                    var top = five ? 31 : 15;
                    var offset = five ? 16.5f : 8.5f;
                    uint qh = 0;
                    var qs = o[(five ? 6 : 2)..];
                    for (var j = 0; j < 16; j++)
                    {
                        var x0 = Math.Min(top, (int)(v[j] * id + offset));
                        var x1 = Math.Min(top, (int)(v[j + 16] * id + offset));
                        qs[j] = (byte)((x0 & 0x0F) | ((x1 & 0x0F) << 4));
                        qh |= (uint)((x0 & 0x10) >> 4) << j;
                        qh |= (uint)((x1 & 0x10) >> 4) << (j + 16);
                    }
                    if (five) BitConverter.TryWriteBytes(o.Slice(2, 4), qh);
                    break;
                }
                case GgmlType.Q4_1 or GgmlType.Q5_1:
                {
                    float min = float.MaxValue, max = float.MinValue;
                    foreach (var f in v) { min = Math.Min(min, f); max = Math.Max(max, f); }
                    var five = type == GgmlType.Q5_1;
                    var d = (max - min) / (five ? 31f : 15f);
                    var id = d != 0 ? 1f / d : 0f;
                    WriteHalf(o, 0, d);
                    WriteHalf(o, 2, min);
                    var top = five ? 31 : 15;
                    uint qh = 0;
                    var qs = o[(five ? 8 : 4)..];
                    for (var j = 0; j < 16; j++)
                    {
                        var x0 = Math.Min(top, (int)((v[j] - min) * id + 0.5f));
                        var x1 = Math.Min(top, (int)((v[j + 16] - min) * id + 0.5f));
                        qs[j] = (byte)((x0 & 0x0F) | ((x1 & 0x0F) << 4));
                        qh |= (uint)((x0 & 0x10) >> 4) << j;
                        qh |= (uint)((x1 & 0x10) >> 4) << (j + 16);
                    }
                    if (five) BitConverter.TryWriteBytes(o.Slice(4, 4), qh);
                    break;
                }
            }
        }
        return output;
    }

    private static float ReadHalf(ReadOnlySpan<byte> s, int at) => (float)BitConverter.ToHalf(s.Slice(at, 2));
    private static void WriteHalf(Span<byte> s, int at, float v) => BitConverter.TryWriteBytes(s.Slice(at, 2), (Half)v);
}

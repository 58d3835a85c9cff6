using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace MusicDashboard.Core.Audio;

/// <summary>
/// Converts interleaved samples to a mono float array, libsndfile's scaling (n-bit PCM to x / 2^(n-1), companded bytes
/// through the G.711 tables): one pass over the data, the format chosen once outside the loop. Mono 16-bit (WAV's and
/// GTZAN's AU) and mono mu-law / A-law take vectorised or table paths; stereo 16-bit one scalar pass; everything else sums
/// each channel into a double accumulator and averages. Every path gives the same floats as the per-sample definition
/// (x / 32768 and (l + r) / 65536 are exact in float).
/// </summary>
public static class SampleMixer
{
    private static readonly float[] MuLawTable = Table(b => AuReader.MuLaw(b));
    private static readonly float[] ALawTable = Table(b => AuReader.ALaw(b));

    public static int BytesPerSample(SampleEncoding e) => e switch
    {
        SampleEncoding.UInt8 or SampleEncoding.Int8 or SampleEncoding.MuLaw or SampleEncoding.ALaw => 1,
        SampleEncoding.Int16LittleEndian or SampleEncoding.Int16BigEndian => 2,
        SampleEncoding.Int24LittleEndian or SampleEncoding.Int24BigEndian => 3,
        SampleEncoding.Int32LittleEndian or SampleEncoding.Int32BigEndian or SampleEncoding.Float32LittleEndian or SampleEncoding.Float32BigEndian => 4,
        _ => 8,
    };

    /// <summary><paramref name="frames"/> frames of <paramref name="frameBytes"/> bytes each (at least channels x sample
    /// size; WAV's block align may pad a frame), mixed to mono by averaging the channels.</summary>
    public static float[] ToMono(ReadOnlySpan<byte> data, SampleEncoding encoding, int channels, int frameBytes, int frames)
    {
        var bytesPerSample = BytesPerSample(encoding);
        if (channels < 1 || frames < 0 || frameBytes < channels * bytesPerSample || (long)frames * frameBytes > data.Length)
            throw new ArgumentException("frames do not fit the data");
        var mono = GC.AllocateUninitializedArray<float>(frames); // every element is written below
        data = data[..(frames * frameBytes)];
        var packed = frameBytes == channels * bytesPerSample;
        if (packed && channels == 1)
        {
            switch (encoding)
            {
                case SampleEncoding.Int16LittleEndian: Int16Mono(data, mono, bigEndian: false); return mono;
                case SampleEncoding.Int16BigEndian: Int16Mono(data, mono, bigEndian: true); return mono;
                case SampleEncoding.MuLaw: Lookup(data, MuLawTable, mono); return mono;
                case SampleEncoding.ALaw: Lookup(data, ALawTable, mono); return mono;
            }
        }
        if (packed && channels == 2 && encoding is SampleEncoding.Int16LittleEndian or SampleEncoding.Int16BigEndian)
        {
            Int16Stereo(data, mono, encoding == SampleEncoding.Int16BigEndian);
            return mono;
        }
        General(data, encoding, channels, frameBytes, bytesPerSample, mono);
        return mono;
    }

    private static float[] Table(Func<byte, short> decode)
    {
        var t = new float[256];
        for (var i = 0; i < 256; i++) t[i] = decode((byte)i) / 32768f;
        return t;
    }

    private static void Lookup(ReadOnlySpan<byte> data, float[] table, Span<float> mono)
    {
        for (var i = 0; i < data.Length; i++) mono[i] = table[data[i]];
    }

    private static void Int16Mono(ReadOnlySpan<byte> data, Span<float> mono, bool bigEndian)
    {
        var samples = MemoryMarshal.Cast<byte, short>(data);
        if (bigEndian == BitConverter.IsLittleEndian)
        {
            // Swap in chunks on the stack, then convert: no array the size of the file.
            Span<short> swapped = stackalloc short[2048];
            for (var start = 0; start < samples.Length; start += swapped.Length)
            {
                var n = Math.Min(swapped.Length, samples.Length - start);
                BinaryPrimitives.ReverseEndianness(samples.Slice(start, n), swapped[..n]);
                Int16ToFloat(swapped[..n], mono.Slice(start, n));
            }
        }
        else Int16ToFloat(samples, mono);
    }

    /// <summary>x / 32768 for every sample, <see cref="Vector{T}"/> lanes at a time.</summary>
    private static void Int16ToFloat(ReadOnlySpan<short> s, Span<float> d)
    {
        const float scale = 1f / 32768;
        var i = 0;
        if (Vector.IsHardwareAccelerated && s.Length >= Vector<short>.Count)
        {
            var vs = MemoryMarshal.Cast<short, Vector<short>>(s);
            var vd = MemoryMarshal.Cast<float, Vector<float>>(d);
            var k = new Vector<float>(scale);
            for (var v = 0; v < vs.Length; v++)
            {
                Vector.Widen(vs[v], out var lo, out var hi);
                vd[2 * v] = Vector.ConvertToSingle(lo) * k;
                vd[2 * v + 1] = Vector.ConvertToSingle(hi) * k;
            }
            i = vs.Length * Vector<short>.Count;
        }
        for (; i < s.Length; i++) d[i] = s[i] * scale;
    }

    private static void Int16Stereo(ReadOnlySpan<byte> data, Span<float> mono, bool bigEndian)
    {
        const float scale = 1f / 65536;
        var s = MemoryMarshal.Cast<byte, short>(data);
        var swap = bigEndian == BitConverter.IsLittleEndian;
        for (var f = 0; f < mono.Length; f++)
        {
            int l = s[2 * f], r = s[2 * f + 1];
            if (swap) { l = BinaryPrimitives.ReverseEndianness((short)l); r = BinaryPrimitives.ReverseEndianness((short)r); }
            mono[f] = (l + r) * scale;
        }
    }

    /// <summary>Any encoding and channel count: each channel added into a double per frame, in channel order, then
    /// averaged.</summary>
    private static void General(ReadOnlySpan<byte> data, SampleEncoding e, int channels, int frameBytes, int bytesPerSample, Span<float> mono)
    {
        var frames = mono.Length;
        var sum = channels == 1 ? [] : new double[frames];
        for (var c = 0; c < channels; c++)
        {
            var at = c * bytesPerSample;
            switch (e)
            {
                case SampleEncoding.UInt8: for (var f = 0; f < frames; f++, at += frameBytes) Put(sum, mono, f, (data[at] - 128) / 128.0); break;
                case SampleEncoding.Int8: for (var f = 0; f < frames; f++, at += frameBytes) Put(sum, mono, f, (sbyte)data[at] / 128.0); break;
                case SampleEncoding.MuLaw: for (var f = 0; f < frames; f++, at += frameBytes) Put(sum, mono, f, AuReader.MuLaw(data[at]) / 32768.0); break;
                case SampleEncoding.ALaw: for (var f = 0; f < frames; f++, at += frameBytes) Put(sum, mono, f, AuReader.ALaw(data[at]) / 32768.0); break;
                case SampleEncoding.Int16LittleEndian: for (var f = 0; f < frames; f++, at += frameBytes) Put(sum, mono, f, BinaryPrimitives.ReadInt16LittleEndian(data[at..]) / 32768.0); break;
                case SampleEncoding.Int16BigEndian: for (var f = 0; f < frames; f++, at += frameBytes) Put(sum, mono, f, BinaryPrimitives.ReadInt16BigEndian(data[at..]) / 32768.0); break;
                case SampleEncoding.Int24LittleEndian: for (var f = 0; f < frames; f++, at += frameBytes) Put(sum, mono, f, (data[at] | (data[at + 1] << 8) | ((sbyte)data[at + 2] << 16)) / 8388608.0); break;
                case SampleEncoding.Int24BigEndian: for (var f = 0; f < frames; f++, at += frameBytes) Put(sum, mono, f, (((sbyte)data[at] << 16) | (data[at + 1] << 8) | data[at + 2]) / 8388608.0); break;
                case SampleEncoding.Int32LittleEndian: for (var f = 0; f < frames; f++, at += frameBytes) Put(sum, mono, f, BinaryPrimitives.ReadInt32LittleEndian(data[at..]) / 2147483648.0); break;
                case SampleEncoding.Int32BigEndian: for (var f = 0; f < frames; f++, at += frameBytes) Put(sum, mono, f, BinaryPrimitives.ReadInt32BigEndian(data[at..]) / 2147483648.0); break;
                case SampleEncoding.Float32LittleEndian: for (var f = 0; f < frames; f++, at += frameBytes) Put(sum, mono, f, AudioFile.Finite(BinaryPrimitives.ReadSingleLittleEndian(data[at..]))); break;
                case SampleEncoding.Float32BigEndian: for (var f = 0; f < frames; f++, at += frameBytes) Put(sum, mono, f, AudioFile.Finite(BinaryPrimitives.ReadSingleBigEndian(data[at..]))); break;
                case SampleEncoding.Float64LittleEndian: for (var f = 0; f < frames; f++, at += frameBytes) Put(sum, mono, f, AudioFile.Finite(BinaryPrimitives.ReadDoubleLittleEndian(data[at..]))); break;
                default: for (var f = 0; f < frames; f++, at += frameBytes) Put(sum, mono, f, AudioFile.Finite(BinaryPrimitives.ReadDoubleBigEndian(data[at..]))); break;
            }
        }
        if (channels == 1) return;
        var scale = 1.0 / channels;
        for (var f = 0; f < frames; f++) mono[f] = (float)(sum[f] * scale);
    }

    // Mono: the sample itself (as the old per-sample code, (float)x); more channels: into the frame's sum.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void Put(double[] sum, Span<float> mono, int f, double x)
    {
        if (sum.Length == 0) mono[f] = (float)x;
        else sum[f] += x;
    }
}

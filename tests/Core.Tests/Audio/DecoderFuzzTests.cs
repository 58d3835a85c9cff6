using MusicDashboard.Core.Audio;

namespace MusicDashboard.Core.Tests.Audio;

/// <summary>
/// Issue 16's hostile input at the suite's size: 2000 seeded cases of <see cref="DecoderFuzzer"/> (WAV and AU through
/// <see cref="AudioLoader.Decode"/> at 22 050 Hz, resampling included; every 250th a mutated FLAC / MP3 / OGG or a playlist
/// through ffmpeg when it is installed). Each case is decoded or refused with a named reason, and the decoding thread
/// allocates within <see cref="DecoderFuzzer.AllocationBound"/> of the input's size. The full size is
/// <c>musicdash bench fuzz --cases 100000</c>.
/// </summary>
public class DecoderFuzzTests
{
    [Fact]
    public void TwoThousandHostileFilesAreEachDecodedOrRefusedWithinTheirAllocationBound()
    {
        var folder = Directory.CreateTempSubdirectory("musicdash-fuzz-").FullName;
        try
        {
            var fuzzer = new DecoderFuzzer(seed: 16, folder, ffmpegEvery: 250);
            var results = Enumerable.Range(0, 2000).Select(i => fuzzer.Run(fuzzer.Case(i), 22050)).ToList();
            var bad = results.Where(r => r.Failure is not null || r.OverAllocated)
                .Select(r => $"#{r.Case.Index} {r.Case.Format} {r.Case.Kind}: {r.Failure ?? $"allocated {r.AllocatedBytes} > {r.AllocationBound}"}").ToList();
            Assert.True(bad.Count == 0, string.Join("\n", bad.Take(20)));
            // The cases reach both outcomes, for both native formats: a fuzzer that only made garbage would prove little.
            foreach (var format in new[] { "wav", "au" })
            {
                Assert.True(results.Count(r => r.Case.Format == format && r.Decoded) >= 100, $"{format}: too few decoded");
                Assert.True(results.Count(r => r.Case.Format == format && !r.Decoded) >= 100, $"{format}: too few refused");
            }
            Assert.All(results.Where(r => !r.Decoded), r => Assert.StartsWith($"fuzz-{r.Case.Index}.", r.Refusal));
            Assert.All(results.Where(r => !r.Decoded), r => Assert.DoesNotContain("Exception", r.Refusal));
            if (fuzzer.WithFfmpeg)
            {
                var compressed = results.Where(r => r.Case.ViaFfmpeg).ToList();
                Assert.Equal(2000 / fuzzer.FfmpegEvery, compressed.Count);
                Assert.All(compressed.Where(r => r.Case.Kind.StartsWith("playlist")), r => Assert.False(r.Decoded, r.Case.Kind));
            }
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void TheSameSeedMakesTheSameCases()
    {
        var a = new DecoderFuzzer(3, null);
        var b = new DecoderFuzzer(3, null);
        for (var i = 0; i < 200; i++) Assert.Equal(a.Case(i).Bytes, b.Case(i).Bytes);
        Assert.NotEqual(a.Case(5).Bytes, new DecoderFuzzer(4, null).Case(5).Bytes);
    }
}

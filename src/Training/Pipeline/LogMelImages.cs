using TorchSharp;
using MusicDashboard.Core.Audio;
using MusicDashboard.Core.Features;
using static TorchSharp.torch;

namespace MusicDashboard.Training.Pipeline;

/// <summary>
/// Stage "clips -> log-mel images" for the Conv-VAE: the power_to_db mel spectrogram of every clip (128 x 431 for 10 s at
/// 22050 Hz, hop 512), in the clip order of the MFCC table, as one flat row-major array. Tracks are decoded a few at a
/// time in parallel (decoded audio of a whole collection would not fit comfortably), the spectrograms on this thread.
/// </summary>
public static class LogMelImages
{
    public sealed record Table(float[] Values, int Count, int Height, int Width)
    {
        public long SampleSize => (long)Height * Width;
    }

    public static Table Compute(IReadOnlyList<ClipInfo> clips, ClipPolicy policy, MfccSettings mfcc, IProgress<(int Done, int Total)>? progress, CancellationToken ct)
    {
        var byTrack = clips.Select((c, i) => (c, i)).GroupBy(p => p.c.TrackIndex).ToList();
        float[]? values = null;
        int height = 0, width = 0;
        const int chunk = 8;
        for (var start = 0; start < byTrack.Count; start += chunk)
        {
            ct.ThrowIfCancellationRequested();
            var part = byTrack.Skip(start).Take(chunk).ToList();
            var audio = new IReadOnlyList<Clip>[part.Count];
            Parallel.For(0, part.Count, new ParallelOptions { CancellationToken = ct }, t =>
                audio[t] = Clipper.Cut(AudioLoader.Load(part[t].First().c.Track.FullPath, mfcc.SampleRate), policy));
            for (var t = 0; t < part.Count; t++)
            {
                foreach (var (clip, row) in part[t])
                {
                    var samples = audio[t].FirstOrDefault(a => a.Index == clip.ClipIndex)
                        ?? throw new InvalidOperationException($"{clip.Track.FullPath} no longer has clip {clip.ClipIndex}: was it changed during the run?");
                    var mel = MfccFeatures.MelDb(samples.Samples, mfcc);
                    if (values is null)
                    {
                        (height, width) = (mel.GetLength(0), mel.GetLength(1));
                        values = new float[(long)clips.Count * height * width];
                    }
                    if (mel.GetLength(0) != height || mel.GetLength(1) != width)
                        throw new InvalidOperationException($"{clip.Track.FullPath} clip {clip.ClipIndex} gives a {mel.GetLength(0)} x {mel.GetLength(1)} image, expected {height} x {width}");
                    Buffer.BlockCopy(mel, 0, values, (int)(row * (long)height * width * sizeof(float)), height * width * sizeof(float));
                }
            }
            progress?.Report((Math.Min(start + chunk, byTrack.Count), byTrack.Count));
        }
        return new Table(values ?? [], clips.Count, height, width);
    }

    /// <summary>Scales the images in place for the chosen likelihood: one global mean and deviation for MSE (a per-pixel
    /// scale would flatten exactly the spectral shape that tells genres apart), or one global min-max to [0, 1] for the
    /// Bernoulli loss.</summary>
    public static string Normalise(float[] values, Models.ReconstructionLoss kind)
    {
        if (kind == Models.ReconstructionLoss.Bernoulli)
        {
            float min = float.MaxValue, max = float.MinValue;
            foreach (var v in values) { if (v < min) min = v; if (v > max) max = v; }
            var range = max > min ? max - min : 1f;
            for (var i = 0; i < values.Length; i++) values[i] = (values[i] - min) / range;
            return $"min-max to [0, 1] (min {min:0.0} dB, max {max:0.0} dB)";
        }
        double sum = 0, sq = 0;
        foreach (var v in values) sum += v;
        var mean = sum / values.Length;
        foreach (var v in values) sq += (v - mean) * (v - mean);
        var std = Math.Sqrt(sq / values.Length);
        if (!(std > 0)) std = 1;
        for (var i = 0; i < values.Length; i++) values[i] = (float)((values[i] - mean) / std);
        return $"standardised globally (mean {mean:0.0} dB, sd {std:0.0} dB)";
    }
}

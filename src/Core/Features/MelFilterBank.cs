namespace MusicDashboard.Core.Features;

/// <summary>librosa.filters.mel: triangular filters on the Slaney mel scale (HTK optional) with Slaney area normalisation.</summary>
public static class MelFilterBank
{
    public static double[,] Create(int sampleRate, int nFft, int nMels, double fMin = 0, double? fMax = null, bool htk = false, bool slaneyNorm = true)
    {
        var fmax = fMax ?? sampleRate / 2.0;
        var nFreq = 1 + nFft / 2;
        var fftFreqs = new double[nFreq];
        for (var i = 0; i < nFreq; i++) fftFreqs[i] = i * (sampleRate / 2.0) / (nFreq - 1);

        // n_mels + 2 band edges equally spaced in mel.
        var minMel = HzToMel(fMin, htk);
        var maxMel = HzToMel(fmax, htk);
        var edges = new double[nMels + 2];
        for (var i = 0; i < edges.Length; i++) edges[i] = MelToHz(minMel + (maxMel - minMel) * i / (nMels + 1), htk);

        var weights = new double[nMels, nFreq];
        for (var m = 0; m < nMels; m++)
        {
            var lowDiff = edges[m + 1] - edges[m];
            var highDiff = edges[m + 2] - edges[m + 1];
            var norm = slaneyNorm ? 2.0 / (edges[m + 2] - edges[m]) : 1.0;
            for (var f = 0; f < nFreq; f++)
            {
                var lower = (fftFreqs[f] - edges[m]) / lowDiff;
                var upper = (edges[m + 2] - fftFreqs[f]) / highDiff;
                weights[m, f] = Math.Max(0, Math.Min(lower, upper)) * norm;
            }
        }
        return weights;
    }

    // Slaney: linear below 1 kHz (200/3 Hz per mel), logarithmic above (27 mels per factor 6.4).
    private const double FSp = 200.0 / 3, MinLogHz = 1000, MinLogMel = MinLogHz / FSp;
    private static readonly double LogStep = Math.Log(6.4) / 27.0;

    public static double HzToMel(double hz, bool htk = false) =>
        htk ? 2595.0 * Math.Log10(1 + hz / 700.0)
            : hz >= MinLogHz ? MinLogMel + Math.Log(hz / MinLogHz) / LogStep : hz / FSp;

    public static double MelToHz(double mel, bool htk = false) =>
        htk ? 700.0 * (Math.Pow(10, mel / 2595.0) - 1)
            : mel >= MinLogMel ? MinLogHz * Math.Exp(LogStep * (mel - MinLogMel)) : FSp * mel;
}

namespace MusicDashboard.Core.Demo;

/// <summary>Scales and diatonic chords. Chords are stacked thirds inside the mode, so one progression of scale
/// degrees (I-V-vi-IV = 0,4,5,3) sounds major in Major and darker in Dorian or Phrygian.</summary>
internal static class MusicTheory
{
    private static readonly int[][] Scales =
    [
        [0, 2, 4, 5, 7, 9, 11], // Major
        [0, 2, 3, 5, 7, 8, 10], // Minor (aeolian)
        [0, 2, 3, 5, 7, 9, 10], // Dorian
        [0, 1, 3, 5, 7, 8, 10], // Phrygian
        [0, 2, 4, 6, 7, 9, 11], // Lydian
        [0, 2, 4, 5, 7, 9, 10], // Mixolydian
        [0, 2, 3, 5, 7, 8, 11], // Harmonic minor
        [0, 1, 3, 5, 6, 8, 10], // Locrian
    ];

    /// <summary>MIDI note of a scale degree (any integer; 7 = the octave) above <paramref name="root"/>.</summary>
    public static int Degree(int root, Mode mode, int degree)
    {
        int octave = degree >= 0 ? degree / 7 : -((-degree + 6) / 7);
        int index = degree - octave * 7;
        return root + 12 * octave + Scales[(int)mode][index];
    }

    /// <summary>Diatonic chord on <paramref name="degree"/>: 3 tones = triad, 4 = seventh chord.</summary>
    public static int[] Chord(int root, Mode mode, int degree, int tones)
    {
        var notes = new int[tones];
        for (int i = 0; i < tones; i++)
            notes[i] = Degree(root, mode, degree + 2 * i);
        return notes;
    }

    /// <summary>The nearest note of <paramref name="chord"/> (any octave) to <paramref name="midi"/>.</summary>
    public static int NearestChordTone(int midi, IReadOnlyList<int> chord)
    {
        int best = midi, bestDistance = int.MaxValue;
        foreach (var c in chord)
        {
            int pc = ((c % 12) + 12) % 12;
            for (int candidate = midi - 12; candidate <= midi + 12; candidate++)
            {
                if (((candidate % 12) + 12) % 12 != pc) continue;
                int d = Math.Abs(candidate - midi);
                if (d < bestDistance) { bestDistance = d; best = candidate; }
            }
        }
        return best;
    }
}

namespace MusicDashboard.Core.Demo;

/// <summary>
/// Writes a track: draws its plan from the genre profile, lays out sections (which parts play, how loud), then
/// writes drums, bass, chords, lead and the sung line on a 16th-note grid (with swing and humanised timing).
/// </summary>
internal static class TrackComposer
{
    public static TrackPlan Plan(GenreProfile g, Prng rng)
    {
        double bpm = g.Tempo.Draw(rng);
        double scale = g.PatchBrightness.Draw(rng);
        Patch? Pick(Patch[] patches) => patches.Length == 0 ? null : Brighten(rng.Pick(patches), scale);
        return new TrackPlan
        {
            Genre = g,
            Bpm = bpm,
            StepsPerBar = g.BeatsPerBar * 4,
            StepSeconds = 60.0 / bpm / 4.0,
            Swing = g.Swing.Draw(rng),
            Root = rng.Between(g.BassRoot.Low, g.BassRoot.High),
            Mode = rng.Pick(g.Modes),
            Progression = rng.Pick(g.Progressions),
            BarsPerChord = rng.Pick(g.BarsPerChord),
            Pattern = g.Patterns.Length == 0 ? null : rng.Pick(g.Patterns),
            Bass = rng.Pick(g.Bass),
            BassPatch = Pick(g.BassPatches),
            Harmony = rng.Pick(g.Harmony),
            HarmonyPatch = Pick(g.HarmonyPatches),
            LeadPatch = g.Lead == LeadStyle.None ? null : Pick(g.LeadPatches),
            LeadDensity = g.LeadDensity.Draw(rng),
            VoiceTract = rng.Between(0.88, 1.18),
            DrumsDb = g.DrumsDb.Draw(rng) + rng.Between(-2, 2),
            BassDb = g.BassDb.Draw(rng),
            HarmonyDb = g.HarmonyDb.Draw(rng),
            LeadDb = g.LeadDb.Draw(rng),
            VoiceDb = g.VoiceDb.Draw(rng),
            TextureDb = g.TextureDb.Draw(rng),
            BassDrive = g.BassDrive.Draw(rng),
            HarmonyDrive = g.HarmonyDrive.Draw(rng),
            Brightness = g.Brightness.Draw(rng),
            Drive = g.Drive.Draw(rng),
            HissDb = g.HissDb.Draw(rng),
            CracklePerSecond = g.CracklePerSecond.Draw(rng),
            WowMs = g.WowMs.Draw(rng),
            CompressionRatio = g.CompressionRatio.Draw(rng),
            Reverb = g.Reverb.Draw(rng),
            PeakTarget = rng.Between(0.8, 0.95),
        };
    }

    private static Patch Brighten(Patch p, double scale) => p with
    {
        Cutoff = p.Cutoff * scale,
        EnvCutoff = p.EnvCutoff * scale,
    };

    private sealed record Section(int FirstBar, int Bars, bool Drums, bool Bass, bool Harmony, bool Lead, bool Voice);

    public static Score Compose(TrackPlan plan, double seconds, Prng rng, IReadOnlyList<int> vowels)
    {
        var g = plan.Genre;
        var score = new Score();
        int bars = (int)Math.Ceiling(seconds / plan.BarSeconds) + 1;

        // Sections of roughly 6-10 s: the arrangement changes between them (parts enter and drop out).
        int sectionBars = 1;
        while (sectionBars < 8 && sectionBars * 2 * plan.BarSeconds <= 10.0) sectionBars *= 2;
        var sections = new List<Section>();
        double dynamics = g.DynamicsDb.Draw(rng);
        for (int first = 0; first < bars; first += sectionBars)
        {
            bool voice = g.Voice != VoiceStyle.None && rng.Chance(g.VoiceChance);
            bool drums = g.Kit != DrumKitStyle.None && plan.Pattern is not null && rng.Chance(g.DrumsChance);
            bool bass = plan.BassPatch is not null && rng.Chance(g.BassChance);
            bool harmony = plan.HarmonyPatch is not null && rng.Chance(g.HarmonyChance);
            bool lead = plan.LeadPatch is not null && rng.Chance(voice ? g.LeadChance * 0.3 : g.LeadChance);
            if (!harmony && !bass && !lead) harmony = plan.HarmonyPatch is not null;
            sections.Add(new Section(first, Math.Min(sectionBars, bars - first), drums, bass, harmony, lead, voice));

            // Section loudness: fuller sections louder; wide-dynamics genres swell within a section too.
            double t0 = first * plan.BarSeconds, t1 = (first + sectionBars) * plan.BarSeconds;
            double fullness = (drums ? 1 : 0) + (voice ? 1 : 0) + (lead ? 0.5 : 0);
            double db = -dynamics * rng.NextDouble() * (fullness >= 1.5 ? 0.3 : 1.0);
            bool crescendo = dynamics > 5 && rng.Chance(0.5);
            score.Dynamics.Add((t0 + 0.01, crescendo ? db - dynamics * 0.6 : db));
            score.Dynamics.Add((t1 - 0.01, db));
        }

        int[] acidLine = AcidLine(plan, rng);
        int[] stabRhythm = StabRhythm(plan.StepsPerBar, rng);
        int arpPattern = rng.Next(3);
        int arpSteps = rng.Pick(g.ArpeggioSteps);
        int vowelIndex = 0;

        foreach (var s in sections)
        {
            var leadMotif = s.Lead ? Motif(plan, rng, plan.LeadDensity, vocal: false) : null;
            var voiceMotif = s.Voice ? Motif(plan, rng, g.Voice == VoiceStyle.Harsh ? 0.55 : 0.4, vocal: true) : null;
            for (int bar = s.FirstBar; bar < s.FirstBar + s.Bars; bar++)
            {
                double barStart = bar * plan.BarSeconds;
                if (barStart > seconds) break;
                int degree = plan.Progression[(bar / plan.BarsPerChord) % plan.Progression.Length];
                bool chordStarts = bar % plan.BarsPerChord == 0;
                bool lastBar = bar == s.FirstBar + s.Bars - 1;
                int inSection = bar - s.FirstBar;

                if (s.Drums) DrumBar(plan, score.Drums, bar, lastBar && rng.Chance(g.FillChance), bar == s.FirstBar && rng.Chance(g.CrashChance), rng);
                if (s.Bass) BassBar(plan, score.Bass, bar, degree, chordStarts, acidLine, rng);
                if (s.Harmony) HarmonyBar(plan, score.Harmony, bar, degree, chordStarts, stabRhythm, arpPattern, arpSteps, rng);
                if (leadMotif is not null)
                {
                    if (g.Lead == LeadStyle.Bells) BellsBar(plan, score.Lead, bar, degree, rng);
                    else MelodyBar(plan, score.Lead, bar, degree, leadMotif, inSection, lastBar, g.LeadOctave, rng);
                }
                if (voiceMotif is not null)
                {
                    var sung = new List<Note>();
                    MelodyBar(plan, sung, bar, degree, voiceMotif, inSection, lastBar, g.Voice == VoiceStyle.Harsh ? 1 : 2, rng);
                    foreach (var n in sung)
                    {
                        int vowel = vowels.Count == 0 ? rng.Next(5) : vowels[vowelIndex++ % vowels.Count];
                        score.Voice.Add(new VocalNote(n.Start, n.Duration, n.Midi, n.Velocity, vowel));
                    }
                }
            }
        }
        return score;
    }

    /// <summary>Start time of a grid step: swing delays every second 16th, jitter humanises.</summary>
    private static double StepTime(TrackPlan plan, int bar, double step, Prng rng)
    {
        int whole = (int)Math.Floor(step);
        double t = bar * plan.BarSeconds + step * plan.StepSeconds;
        if (whole % 2 == 1 && step == whole) t += (plan.Swing - 0.5) * 2.0 * plan.StepSeconds;
        if (plan.Genre.JitterMs > 0) t += rng.Gaussian() * plan.Genre.JitterMs * 0.001;
        return Math.Max(0, t);
    }

    private static float Humanise(Prng rng, double velocity, double spread = 0.08) =>
        (float)Math.Clamp(velocity * (1.0 + spread * rng.Gaussian()), 0.05, 1.2);

    // ---------------------------------------------------------------- drums

    private static void DrumBar(TrackPlan plan, List<DrumHit> hits, int bar, bool fill, bool crash, Prng rng)
    {
        var p = plan.Pattern!;
        Lane(plan, hits, bar, p.Kick, DrumSound.Kick, rng);
        Lane(plan, hits, bar, fill ? Fill(plan.StepsPerBar, plan.Genre.Kit, rng) : p.Snare, DrumSound.Snare, rng);
        Lane(plan, hits, bar, p.Hat, DrumSound.ClosedHat, rng);
        Lane(plan, hits, bar, p.Open, DrumSound.OpenHat, rng);
        Lane(plan, hits, bar, p.Perc, DrumSound.Perc, rng);
        if (crash) hits.Add(new DrumHit(StepTime(plan, bar, 0, rng), DrumSound.Crash, Humanise(rng, 0.8)));
    }

    private static void Lane(TrackPlan plan, List<DrumHit> hits, int bar, string lane, DrumSound sound, Prng rng)
    {
        for (int step = 0; step < lane.Length && step < plan.StepsPerBar; step++)
        {
            switch (lane[step])
            {
                case 'X': hits.Add(new DrumHit(StepTime(plan, bar, step, rng), sound, Humanise(rng, 1.0))); break;
                case 'x': hits.Add(new DrumHit(StepTime(plan, bar, step, rng), sound, Humanise(rng, 0.8))); break;
                case 'o': hits.Add(new DrumHit(StepTime(plan, bar, step, rng), sound, Humanise(rng, 0.4))); break;
                case 'r':
                    hits.Add(new DrumHit(StepTime(plan, bar, step, rng), sound, Humanise(rng, 0.45)));
                    hits.Add(new DrumHit(StepTime(plan, bar, step + 0.5, rng), sound, Humanise(rng, 0.4)));
                    break;
            }
        }
    }

    /// <summary>A fill in the last bar of a section: a march gets a roll, others a crescendo of 16ths/8ths.</summary>
    private static string Fill(int steps, DrumKitStyle kit, Prng rng)
    {
        var chars = new char[steps];
        int from = steps / 2;
        for (int i = 0; i < steps; i++)
        {
            if (i < from) chars[i] = i % 4 == 0 ? 'x' : '.';
            else if (kit == DrumKitStyle.March) chars[i] = i == steps - 1 ? 'X' : 'r';
            else chars[i] = rng.Chance(0.8) ? (i >= steps - 2 ? 'X' : 'x') : 'o';
        }
        return new string(chars);
    }

    // ---------------------------------------------------------------- bass

    /// <summary>A looping one-bar acid line: mostly the root, octave jumps, the minor third/fifth/seventh; accents and slides.</summary>
    private static int[] AcidLine(TrackPlan plan, Prng rng)
    {
        int[] choices = [0, 0, 0, 7, 2, 4, 6, -7];
        var line = new int[plan.StepsPerBar];
        for (int i = 0; i < line.Length; i++)
            line[i] = i == 0 || rng.Chance(0.7) ? rng.Pick(choices) : int.MinValue; // MinValue = rest
        line[0] = 0;
        return line;
    }

    private static void BassBar(TrackPlan plan, List<Note> notes, int bar, int degree, bool chordStarts, int[] acidLine, Prng rng)
    {
        var mode = plan.Mode;
        int root = MusicTheory.Degree(plan.Root, mode, degree);
        if (root - plan.Root > 7) root -= 12;
        int fifth = MusicTheory.Degree(plan.Root, mode, degree + 4);
        if (fifth - root > 7) fifth -= 12;
        double step = plan.StepSeconds;
        int steps = plan.StepsPerBar;
        switch (plan.Bass)
        {
            case BassStyle.Drone:
                if (!chordStarts) break;
                double length = plan.BarsPerChord * plan.BarSeconds;
                notes.Add(new Note(StepTime(plan, bar, 0, rng), length, root, 0.9f));
                notes.Add(new Note(StepTime(plan, bar, 0, rng), length, root + 7, 0.35f));
                break;
            case BassStyle.RootEighths:
                for (int s = 0; s < steps; s += 2)
                {
                    int pitch = s % 4 == 2 && rng.Chance(0.3) ? root + 12 : root;
                    if (s == steps - 2 && rng.Chance(0.3)) pitch = fifth;
                    notes.Add(new Note(StepTime(plan, bar, s, rng), step * 1.6, pitch, Humanise(rng, s % 4 == 0 ? 0.9 : 0.75)));
                }
                break;
            case BassStyle.OomPah:
                for (int s = 0; s < steps; s += 4)
                    notes.Add(new Note(StepTime(plan, bar, s, rng), step * 2.5, (s / 4) % 2 == 0 ? root : fifth, Humanise(rng, 0.9)));
                break;
            case BassStyle.Acid:
                for (int s = 0; s < steps; s++)
                {
                    if (acidLine[s] == int.MinValue) continue;
                    bool slide = s > 0 && acidLine[s - 1] != int.MinValue && (s * 7 + acidLine[s]) % 5 == 0;
                    bool accent = (s * 3 + acidLine[s]) % 4 == 0;
                    int pitch = MusicTheory.Degree(root, mode, acidLine[s]);
                    notes.Add(new Note(StepTime(plan, bar, s, rng), step * (slide ? 1.05 : 0.55), pitch, 0.8f, accent, slide));
                }
                break;
            case BassStyle.Offbeat:
                for (int s = 2; s < steps; s += 4)
                    notes.Add(new Note(StepTime(plan, bar, s, rng), step * 1.2, root, Humanise(rng, 0.85)));
                break;
            case BassStyle.Downbeat:
                notes.Add(new Note(StepTime(plan, bar, 0, rng), step * (steps / 2 + 2), root, Humanise(rng, 0.9)));
                if (steps >= 12 && rng.Chance(0.7))
                    notes.Add(new Note(StepTime(plan, bar, steps - 4, rng), step * 3, rng.Chance(0.5) ? fifth : root, Humanise(rng, 0.7)));
                if (steps == 16 && rng.Chance(0.4))
                    notes.Add(new Note(StepTime(plan, bar, 6, rng), step * 2, root, Humanise(rng, 0.6)));
                break;
            case BassStyle.Tremolo:
                for (int s = 0; s < steps; s++)
                    notes.Add(new Note(StepTime(plan, bar, s, rng), step * 0.8, root, Humanise(rng, s % 4 == 0 ? 1.0 : 0.75, 0.05)));
                break;
        }
    }

    // ---------------------------------------------------------------- chords

    /// <summary>Chord tones folded into one octave above the harmony register: close voicing, smooth voice leading.</summary>
    private static int[] Voicing(TrackPlan plan, int degree)
    {
        int low = plan.Root + 12 * plan.Genre.HarmonyOctave;
        var chord = MusicTheory.Chord(plan.Root, plan.Mode, degree, plan.Genre.Sevenths ? 4 : 3);
        for (int i = 0; i < chord.Length; i++)
        {
            while (chord[i] < low) chord[i] += 12;
            while (chord[i] >= low + 12) chord[i] -= 12;
        }
        Array.Sort(chord);
        return chord;
    }

    private static int[] StabRhythm(int steps, Prng rng)
    {
        int[][] options = steps == 16
            ? [[2, 6, 10, 14], [3, 6, 10], [0, 3, 6, 11], [2, 7, 10, 13]]
            : [[2, 6], [3, 6], [0, 3, 6]];
        return rng.Pick(options);
    }

    private static void HarmonyBar(TrackPlan plan, List<Note> notes, int bar, int degree, bool chordStarts, int[] stabRhythm, int arpPattern, int arpSteps, Prng rng)
    {
        var chord = Voicing(plan, degree);
        double step = plan.StepSeconds;
        int steps = plan.StepsPerBar;
        switch (plan.Harmony)
        {
            case HarmonyStyle.Pad:
                if (!chordStarts) break;
                foreach (var n in chord)
                    notes.Add(new Note(StepTime(plan, bar, 0, rng), plan.BarsPerChord * plan.BarSeconds, n, 0.7f));
                break;
            case HarmonyStyle.Stabs:
                foreach (var s in stabRhythm)
                {
                    if (s >= steps) continue;
                    double t = StepTime(plan, bar, s, rng);
                    float v = Humanise(rng, 0.8);
                    foreach (var n in chord) notes.Add(new Note(t, step * 1.2, n, v));
                }
                break;
            case HarmonyStyle.AfterBeats:
                for (int s = 2; s < steps; s += 4)
                {
                    double t = StepTime(plan, bar, s, rng);
                    float v = Humanise(rng, 0.75);
                    foreach (var n in chord) notes.Add(new Note(t, step * 1.3, n, v));
                }
                break;
            case HarmonyStyle.Tremolo:
                int powerRoot = chord[0] - 12;
                for (int s = 0; s < steps; s++)
                {
                    double t = StepTime(plan, bar, s, rng);
                    float v = Humanise(rng, s % 4 == 0 ? 1.0 : 0.8, 0.05);
                    notes.Add(new Note(t, step * 0.85, powerRoot, v));
                    notes.Add(new Note(t, step * 0.85, powerRoot + 7, v));
                    notes.Add(new Note(t, step * 0.85, powerRoot + 12, v * 0.7f));
                }
                break;
            case HarmonyStyle.Comp:
                {
                    double t = StepTime(plan, bar, 0, rng);
                    foreach (var n in chord) notes.Add(new Note(t + rng.Between(0, 0.02), step * 6, n, Humanise(rng, 0.7)));
                    if (rng.Chance(0.6))
                    {
                        int push = rng.Chance(0.5) ? 6 : 10;
                        double t2 = StepTime(plan, bar, push, rng);
                        foreach (var n in chord) notes.Add(new Note(t2 + rng.Between(0, 0.02), step * 4, n, Humanise(rng, 0.55)));
                    }
                }
                break;
            case HarmonyStyle.Arpeggio:
                {
                    // Tones: the chord plus its octave; patterns up, up-down, or finger-picked (bass, then inner voices).
                    var tones = new List<int>(chord) { chord[0] + 12 };
                    int[] order = arpPattern switch
                    {
                        0 => Enumerable.Range(0, tones.Count).ToArray(),
                        1 => [.. Enumerable.Range(0, tones.Count), .. Enumerable.Range(1, tones.Count - 2).Reverse()],
                        _ => [0, 2, 1, 3, 2, 1],
                    };
                    int k = 0;
                    for (int s = 0; s < steps; s += arpSteps, k++)
                    {
                        int n = tones[order[k % order.Length] % tones.Count];
                        if (arpPattern == 2 && k % order.Length == 0) n -= 12; // the thumb plays the bass string
                        notes.Add(new Note(StepTime(plan, bar, s, rng), step * arpSteps * 1.4, n, Humanise(rng, s == 0 ? 0.85 : 0.65)));
                    }
                }
                break;
        }
    }

    // ---------------------------------------------------------------- melodies

    /// <summary>A one- or two-bar motif: (step, length in steps, scale degree above the tonic). Strong beats land on
    /// chord tones when it is played; sung motifs move by small steps on an 8th grid and leave room to breathe.</summary>
    private sealed record MotifNote(int Step, int Length, int Degree);

    private static readonly int[] ChordDegrees = [0, 2, 4];
    private static readonly int[] SungMoves = [-1, -1, 0, 1, 1, 2, -2];      // singers move by step
    private static readonly int[] PlayedMoves = [-2, -1, -1, 1, 1, 2, 3, -3, 0]; // instruments leap more
    private static readonly int[] Pentatonic = [0, 1, 2, 4, 5];

    private static List<MotifNote>[] Motif(TrackPlan plan, Prng rng, double density, bool vocal)
    {
        int bars = plan.BarSeconds < 1.5 ? 2 : rng.Chance(0.5) ? 2 : 1;
        var motif = new List<MotifNote>[bars];
        int degree = rng.Pick(ChordDegrees);
        for (int b = 0; b < bars; b++)
        {
            var starts = new List<int>();
            int steps = plan.StepsPerBar;
            int usable = vocal && b == bars - 1 ? steps - 4 : steps; // breathe at the end of a sung phrase
            for (int s = 0; s < usable; s++)
            {
                double p = s % 4 == 0 ? 1.0 : s % 2 == 0 ? 0.55 : vocal ? 0.0 : 0.2;
                if (rng.Chance(density * p) || (s == 0 && b == 0)) starts.Add(s);
            }
            var notes = new List<MotifNote>();
            for (int i = 0; i < starts.Count; i++)
            {
                int end = i + 1 < starts.Count ? starts[i + 1] : usable;
                degree = Math.Clamp(degree + rng.Pick(vocal ? SungMoves : PlayedMoves), vocal ? -2 : -3, vocal ? 6 : 9);
                notes.Add(new MotifNote(starts[i], Math.Max(1, end - starts[i]), degree));
            }
            motif[b] = notes;
        }
        return motif;
    }

    private static void MelodyBar(TrackPlan plan, List<Note> notes, int bar, int degree, List<MotifNote>[] motif,
        int barInSection, bool lastBarOfSection, int octave, Prng rng)
    {
        var chord = MusicTheory.Chord(plan.Root, plan.Mode, degree, 3);
        var phrase = motif[barInSection % motif.Length];
        for (int i = 0; i < phrase.Count; i++)
        {
            var m = phrase[i];
            int pitch = MusicTheory.Degree(plan.Root + 12 * octave, plan.Mode, m.Degree);
            if (m.Step % 4 == 0) pitch = MusicTheory.NearestChordTone(pitch, chord);
            int length = m.Length;
            if (lastBarOfSection && i == phrase.Count - 1) length = plan.StepsPerBar - m.Step;
            double duration = plan.StepSeconds * length * 0.92;
            notes.Add(new Note(StepTime(plan, bar, m.Step, rng), duration, pitch, Humanise(rng, m.Step % 4 == 0 ? 0.9 : 0.75)));
        }
    }

    private static void BellsBar(TrackPlan plan, List<Note> notes, int bar, int degree, Prng rng)
    {
        for (int beat = 0; beat < plan.StepsPerBar / 4; beat++)
        {
            if (!rng.Chance(plan.LeadDensity)) continue;
            int d = degree + rng.Pick(Pentatonic) + 7 * rng.Next(2);
            int pitch = MusicTheory.Degree(plan.Root + 12 * plan.Genre.LeadOctave, plan.Mode, d);
            int step = beat * 4 + (rng.Chance(0.3) ? 2 : 0);
            notes.Add(new Note(StepTime(plan, bar, step, rng), plan.StepSeconds * 6, pitch, Humanise(rng, 0.7, 0.2)));
        }
    }
}

using System.Text;

namespace MusicDashboard.Core.Demo;

/// <summary>
/// Lyrics for the vocal genres: each genre has its own vocabulary and line templates, so the words carry genre
/// information a text model can pick up (neon and tonight in synthpop, rivers and lanterns in balladry, accordions
/// and dumplings in polka, rust and static in noisecore). A refrain line repeats, as in songs. Seeded per track.
/// </summary>
internal static class LyricsWriter
{
    private sealed record Vocabulary(string[] Nouns, string[] Adjectives, string[] Verbs, string[] Places, string[] Templates);

    // Template slots: {n} noun, {a} adjective, {v} verb (base form), {p} place.
    private static readonly Dictionary<string, Vocabulary> Vocabularies = new(StringComparer.Ordinal)
    {
        ["synthpop"] = new(
            Nouns: ["heart", "signal", "neon", "mirror", "satellite", "heartbeat", "radio", "skyline", "laser", "dream", "telephone", "disco light"],
            Adjectives: ["electric", "chrome", "midnight", "glowing", "digital", "silver", "endless", "magnetic", "cold", "bright"],
            Verbs: ["dance", "shine", "call", "glow", "run", "fall", "spin", "wait", "dream", "shiver"],
            Places: ["the city", "the dance floor", "the highway", "the satellite sky", "the arcade", "the radio waves"],
            Templates:
            [
                "we {v} all night in {p}",
                "your {a} {n} keeps calling me",
                "{a} {n}, {a} {n}",
                "tonight we {v} like a {n}",
                "I hear your {n} across {p}",
                "don't let the {a} {n} fade away",
                "oh oh, {v} with me tonight",
            ]),
        ["balladry"] = new(
            Nouns: ["river", "lantern", "mother", "winter", "candle", "meadow", "sparrow", "letter", "harvest", "willow", "stone", "sorrow"],
            Adjectives: ["quiet", "golden", "weary", "faithful", "old", "silent", "gentle", "lonesome", "distant", "humble"],
            Verbs: ["wander", "remember", "carry", "mourn", "wait", "pray", "follow", "return", "weep", "sing"],
            Places: ["the valley", "the old mill road", "the harbour", "the hills of home", "the churchyard", "the northern shore"],
            Templates:
            [
                "I will {v} down to {p}",
                "where the {a} {n} sleeps",
                "and the {n} was {a} and {a}",
                "oh my {n}, I {v} for you",
                "by {p} the {n} grows {a}",
                "carry me home like a {a} {n}",
                "we {v} and we {v} no more",
            ]),
        ["polka"] = new(
            Nouns: ["accordion", "sausage", "barrel", "fiddler", "grandma", "dumpling", "wedding", "pretzel", "tuba", "cabbage", "sweetheart", "village band"],
            Adjectives: ["jolly", "merry", "round", "dizzy", "happy", "rosy", "lucky", "spinning", "loud", "sunday"],
            Verbs: ["dance", "spin", "clap", "hop", "sing", "drink", "stomp", "whirl", "laugh", "play"],
            Places: ["the village hall", "the beer garden", "the market square", "the barn", "the fairground", "grandma's kitchen"],
            Templates:
            [
                "hey! we {v} in {p}",
                "bring the {a} {n} along",
                "one two three, {v} with me",
                "the {n} and the {n} go round",
                "{v} and {v} till the morning",
                "oh the {a} {n} of {p}",
                "hop hop hey, the {n} plays",
            ]),
        ["noisecore"] = new(
            Nouns: ["rust", "static", "concrete", "machine", "void", "fracture", "skull", "wire", "furnace", "carcass", "signal", "ash"],
            Adjectives: ["broken", "burning", "hollow", "rotten", "grinding", "endless", "black", "shattered", "dead", "raw"],
            Verbs: ["grind", "burn", "collapse", "scream", "crush", "decay", "tear", "drown", "rot", "bleed"],
            Places: ["the pit", "the furnace", "the wasteland", "the engine room", "the static", "the abyss"],
            Templates:
            [
                "{v}! {v}! {v}!",
                "{a} {n} in {p}",
                "we {v} the {a} {n}",
                "nothing left but {n}",
                "{n} and {n} and {n}",
                "feed the {a} {n}",
                "down into {p}",
            ]),
    };

    /// <summary>A verse of 3-5 lines, a refrain line repeated twice, sometimes a second verse line pair.</summary>
    public static IReadOnlyList<string> Write(string genre, Prng rng)
    {
        if (!Vocabularies.TryGetValue(genre, out var voc))
            throw new ArgumentException($"no lyric vocabulary for genre '{genre}'", nameof(genre));
        var lines = new List<string>();
        int verse = rng.Between(3, 5);
        for (int i = 0; i < verse; i++) lines.Add(Line(voc, rng));
        var refrain = Line(voc, rng);
        lines.Add(refrain);
        lines.Add(refrain);
        if (rng.Chance(0.5))
        {
            lines.Add(Line(voc, rng));
            lines.Add(Line(voc, rng));
        }
        return lines;
    }

    private static string Line(Vocabulary voc, Prng rng)
    {
        var template = rng.Pick(voc.Templates);
        var sb = new StringBuilder(template.Length + 32);
        for (int i = 0; i < template.Length; i++)
        {
            if (template[i] == '{' && i + 2 < template.Length && template[i + 2] == '}')
            {
                sb.Append(template[i + 1] switch
                {
                    'n' => rng.Pick(voc.Nouns),
                    'a' => rng.Pick(voc.Adjectives),
                    'v' => rng.Pick(voc.Verbs),
                    'p' => rng.Pick(voc.Places),
                    _ => "",
                });
                i += 2;
            }
            else sb.Append(template[i]);
        }
        var line = sb.ToString();
        return char.ToUpperInvariant(line[0]) + line[1..];
    }

    /// <summary>The vowel of each syllable (a rough count: each run of vowels), as indices the singer's formants use.</summary>
    public static IReadOnlyList<int> SyllableVowels(IEnumerable<string> lines)
    {
        var vowels = new List<int>();
        foreach (var line in lines)
        {
            bool inVowel = false;
            foreach (var raw in line)
            {
                char c = char.ToLowerInvariant(raw);
                bool isVowel = "aeiouy".Contains(c);
                if (isVowel && !inVowel) vowels.Add(FormantVoice.VowelIndex(c));
                inVowel = isVowel;
            }
        }
        return vowels;
    }
}

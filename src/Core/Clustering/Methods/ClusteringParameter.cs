using System.Globalization;
using System.Text;

namespace MusicDashboard.Core.Clustering.Methods;

/// <summary>
/// One parameter of a clustering method, described once: its key in run configs and the API (camelCase, e.g.
/// <c>minSamples</c>; the CLI option is the same in kebab case, <c>--min-samples</c>), the name validation messages use
/// (scikit-learn's, e.g. <c>min_samples</c>), a label and help text for the form, its default and its range. Values are
/// numbers; a parameter with <see cref="Choices"/> holds the index of the chosen name (and is written as the name).
/// Validation messages, the form's fields and the CLI options are all generated from this record.
/// </summary>
public sealed record ClusteringParameter(string Key, string Name, string Label, string Help, double Default)
{
    public double Min { get; init; } = double.NegativeInfinity;
    public double Max { get; init; } = double.PositiveInfinity;
    /// <summary>The value must be strictly above <see cref="Min"/> (eps &gt; 0) rather than at least <see cref="Min"/>.</summary>
    public bool MinExclusive { get; init; }
    public bool Integer { get; init; }
    /// <summary>Names of the allowed values (the stored value is the index); null for a number.</summary>
    public IReadOnlyList<string>? Choices { get; init; }
    /// <summary>When not set, the value is that of this other parameter (HDBSCAN's min_samples defaults to min_cluster_size).</summary>
    public string? DefaultKey { get; init; }

    /// <summary>The CLI option: the key in kebab case (<c>minSamples</c> -&gt; <c>min-samples</c>).</summary>
    public string Option => Kebab(Key);

    /// <summary>What is wrong with <paramref name="value"/>, in words, or null when it is allowed.</summary>
    public string? Problem(double value)
    {
        if (Choices is { } choices)
            return value >= 0 && value < choices.Count && value == Math.Floor(value) ? null : $"{Name} must be one of {string.Join(", ", choices)}";
        var range = Integer
            ? $"a whole number between {F(Min)} and {F(Max)}"
            : "a finite number " + (MinExclusive ? "> " : ">= ") + F(Min) + (double.IsPositiveInfinity(Max) ? "" : $" and <= {F(Max)}");
        var ok = double.IsFinite(value) && (MinExclusive ? value > Min : value >= Min) && value <= Max && (!Integer || value == Math.Floor(value));
        return ok ? null : $"{Name} must be {range}";
    }

    /// <summary>The value as written in configs, labels and the CLI: the choice's name, or the invariant number.</summary>
    public string Format(double value) => Choices is { } choices && value >= 0 && value < choices.Count ? choices[(int)value] : F(value);

    /// <summary>Reads what <see cref="Format"/> writes (a choice by name, any case); false when it is neither.</summary>
    public bool TryParse(string text, out double value)
    {
        if (Choices is { } choices)
        {
            var at = choices.ToList().FindIndex(c => string.Equals(c, text.Trim(), StringComparison.OrdinalIgnoreCase));
            value = at;
            return at >= 0;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>"min_samples: points within eps ... (default 5)", for CLI help.</summary>
    public string Describe() =>
        $"{Help} (default {(DefaultKey is null ? Format(Default) : $"the value of --{Kebab(DefaultKey)}")}" +
        (Choices is { } c ? $"; one of {string.Join(" | ", c)}" : "") + ")";

    private static string Kebab(string key)
    {
        var sb = new StringBuilder();
        foreach (var c in key)
        {
            if (char.IsUpper(c)) sb.Append('-').Append(char.ToLowerInvariant(c));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}

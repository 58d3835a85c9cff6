using System.Globalization;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>The given <c>--name value</c> / <c>--flag</c> arguments of one verb, with clear errors for wrong values.</summary>
public sealed class ParsedArgs(string verb, Dictionary<string, string?> values)
{
    public Dictionary<string, string> Positional { get; } = new(StringComparer.Ordinal);
    public string Verb { get; } = verb;
    public bool Has(string name) => values.ContainsKey(name);
    public string? Get(string name) => values.GetValueOrDefault(name);
    public string Require(string name) => Get(name) ?? throw new UsageException($"{Verb}: --{name} is required");

    public int GetInt(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        var s = Get(name);
        if (s is null) return fallback;
        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
            throw new UsageException($"{Verb}: --{name} must be an integer between {min} and {max}, got '{s}'");
        return v;
    }
}

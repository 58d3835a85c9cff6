namespace MusicDashboard.Training.Models;

/// <summary>
/// One setting a model reads, described once: its key in run configs and the API (the camelCase JSON path, e.g.
/// <c>vae.convChannels</c>; the CLI option is its last part in kebab case, <c>--conv-channels</c>), a label and help text
/// for the form, its default as written in configs, and its range in words. The form shows a model's fields from these,
/// and validation messages name the same key.
/// </summary>
public sealed record ModelParameter(string Key, string Label, string Help, string Default, string Range)
{
    /// <summary>The CLI option: the key's last part in kebab case (<c>vae.convChannels</c> -&gt; <c>conv-channels</c>).</summary>
    public string Option => string.Concat(Key[(Key.LastIndexOf('.') + 1)..].Select(c => char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>"help (default d; range)", for CLI help and form hints.</summary>
    public string Describe() => $"{Help} (default {Default}; {Range})";
}

using MusicDashboard.Core.Datasets;
using System.Globalization;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>A verb of the musicdash executable: its options and what it does.</summary>
public sealed record Verb(string Name, string Summary, IReadOnlyList<VerbOption> Options, Func<ParsedArgs, CancellationToken, Task<int>> Run)
{
    /// <summary>Leading words before the options (e.g. "bench cluster"), with the values each may take.</summary>
    public IReadOnlyList<(string Name, IReadOnlyList<string> Values)> Positionals { get; init; } = [];
}

public sealed record VerbOption(string Name, string? Value, string Help, bool Required = false);

/// <summary>Parsed <c>--name value</c> / <c>--flag</c> arguments of one verb, with clear errors for wrong input.</summary>
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

public sealed class UsageException(string message) : Exception(message);

public static class Verbs
{
    public static IReadOnlyList<Verb> All { get; } =
    [
        DemoVerb.Definition,
        ReproduceVerb.Definition,
        TrainVerb.Definition,
        ClusterVerb.Definition,
        MetricsVerb.Definition,
        BenchVerb.Definition,
        TranscribeVerb.Definition,
        FeaturesVerb.Definition,
    ];

    public static bool IsVerbInvocation(string[] args) =>
        args.Length > 0 && (args[0] is "--help" or "-h" or "help" || All.Any(v => v.Name == args[0]));

    public static async Task<int> RunAsync(string[] args)
    {
        if (args[0] is "--help" or "-h" or "help")
        {
            var topic = args.Length > 1 ? All.FirstOrDefault(v => v.Name == args[1]) : null;
            Console.WriteLine(topic is null ? Help() : Help(topic));
            return 0;
        }
        var verb = All.First(v => v.Name == args[0]);
        if (args.Skip(1).Any(a => a is "--help" or "-h"))
        {
            Console.WriteLine(Help(verb));
            return 0;
        }
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); Console.Error.WriteLine("cancelling..."); };
        try
        {
            return await verb.Run(Parse(verb, args.Skip(1).ToArray()), cts.Token);
        }
        catch (Exception e) when (e is UsageException or DatasetException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine();
            Console.Error.WriteLine(Help(verb));
            return 2;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"{verb.Name}: cancelled");
            return 130;
        }
    }

    public static ParsedArgs Parse(Verb verb, string[] args)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var positional = new Dictionary<string, string>(StringComparer.Ordinal);
        var start = 0;
        foreach (var (name, allowed) in verb.Positionals)
        {
            if (start >= args.Length || args[start].StartsWith("--", StringComparison.Ordinal))
                throw new UsageException($"{verb.Name}: which {name}? ({string.Join(" | ", allowed)})");
            if (!allowed.Contains(args[start]))
                throw new UsageException($"{verb.Name}: unknown {name} '{args[start]}' ({string.Join(" | ", allowed)})");
            positional[name] = args[start++];
        }
        for (var i = start; i < args.Length; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal))
                throw new UsageException($"{verb.Name}: unexpected argument '{a}'");
            var name = a[2..];
            string? inline = null;
            var eq = name.IndexOf('=');
            if (eq >= 0) { inline = name[(eq + 1)..]; name = name[..eq]; }
            var option = verb.Options.FirstOrDefault(o => o.Name == name)
                ?? throw new UsageException($"{verb.Name}: unknown option --{name}");
            if (option.Value is null) { values[name] = null; continue; }
            var value = inline ?? (i + 1 < args.Length ? args[++i] : throw new UsageException($"{verb.Name}: --{name} needs a value ({option.Value})"));
            values[name] = value;
        }
        foreach (var o in verb.Options.Where(o => o.Required && !values.ContainsKey(o.Name)))
            throw new UsageException($"{verb.Name}: --{o.Name} is required");
        var parsed = new ParsedArgs(verb.Name, values);
        foreach (var (k, v) in positional) parsed.Positional[k] = v;
        return parsed;
    }

    public static string Help()
    {
        var lines = new List<string>
        {
            "musicdash: unsupervised music clustering (VAEs + K-Means) with a live dashboard.",
            "",
            "Usage:",
            "  musicdash                      serve the dashboard (http://localhost:5000 by default; --urls to change)",
            "  musicdash <verb> [options]     run headless work on the same code",
            "  musicdash help <verb>          options of one verb",
            "",
            "Verbs:",
        };
        foreach (var v in All)
        {
            lines.Add($"  {Usage(v),-12} {v.Summary}");
            lines.AddRange(OptionLines(v).Select(l => "    " + l));
            lines.Add("");
        }
        lines.Add("Configuration: appsettings.json at the repository root (MusicDashboard:DataFolder, Database, DatasetPath, WhisperModelPath, Threads).");
        lines.Add("From source: dotnet run --project src/Dashboard -- <verb> [options]");
        return string.Join(Environment.NewLine, lines);
    }

    public static string Help(Verb verb)
    {
        var lines = new List<string> { $"musicdash {Usage(verb)}: {verb.Summary}", "", "Options:" };
        lines.AddRange(OptionLines(verb).Select(l => "  " + l));
        return string.Join(Environment.NewLine, lines);
    }

    private static string Usage(Verb verb) =>
        string.Join(" ", verb.Positionals.Select(p => string.Join("|", p.Values)).Prepend(verb.Name));

    private static IEnumerable<string> OptionLines(Verb verb) => verb.Options.Select(o =>
    {
        var left = o.Value is null ? $"--{o.Name}" : $"--{o.Name} <{o.Value}>";
        return $"{left,-28} {o.Help}{(o.Required ? " (required)" : "")}";
    });
}

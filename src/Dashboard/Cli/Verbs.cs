using System.CommandLine;
using System.Globalization;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using MusicDashboard.Core.Datasets;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>
/// The musicdash command line on System.CommandLine: no arguments (or only ASP.NET host options such as <c>--urls</c>)
/// serve the dashboard; a verb runs headless; an unknown verb or option is an error with the nearest name, exit code 2.
/// </summary>
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
        HashPasswordVerb.Definition,
        WorkerVerb.Definition,
    ];

    /// <summary>Exit code of wrong command-line input.</summary>
    public const int UsageError = 2;

    private static readonly ParserConfiguration Parser = new() { ResponseFileTokenReplacer = null, EnablePosixBundling = false };

    /// <summary>
    /// False for what the web host takes (nothing, <c>--urls x</c>, <c>--MusicDashboard:DataFolder=x</c>, <c>/key value</c>,
    /// <c>key=value</c>); true for anything else, so a mistyped verb is reported instead of starting the server.
    /// </summary>
    public static bool IsVerbInvocation(string[] args)
    {
        if (args.Length == 0) return false;
        var first = args[0];
        if (first is "-h" or "--help" or "-?" or "--version") return true;
        return !(first.StartsWith('-') || first.StartsWith('/') || first.Contains('='));
    }

    /// <summary>The root command: every verb, <c>help [verb]</c>, and <c>--help</c> answered with <see cref="Help()"/>.</summary>
    public static RootCommand Root()
    {
        var root = new RootCommand("musicdash: unsupervised music clustering (VAEs + K-Means) with a live dashboard.");
        foreach (var verb in All)
        {
            var command = verb.BuildCommand(verb);
            command.SetAction((result, ct) => RunVerbAsync(command, result, ct));
            root.Add(command);
        }
        var topic = new Argument<string[]>("verb") { Arity = ArgumentArity.ZeroOrMore };
        var help = new Command("help", "options of one verb") { topic };
        help.SetAction(result => HelpAbout(root, result.GetValue(topic) ?? []));
        root.Add(help);
        root.Options.OfType<HelpOption>().Single().Action = new VerbHelpAction();
        root.SetAction(_ => { Console.WriteLine(Help()); return 0; });
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var result = Root().Parse(args, Parser);
        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler cancel = (_, e) => { e.Cancel = true; cts.Cancel(); Console.Error.WriteLine("cancelling..."); };
        Console.CancelKeyPress += cancel;
        try
        {
            if (result.Action is ParseErrorAction)
                return result.CommandResult.Command is VerbCommand verb ? await RunVerbAsync(verb, result, cts.Token) : RootError(result);
            return await result.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, cts.Token);
        }
        finally
        {
            Console.CancelKeyPress -= cancel;
        }
    }

    /// <summary>Parses one verb's arguments (without the verb's name) as <see cref="RunAsync"/> does.</summary>
    public static ParsedArgs Parse(Verb verb, string[] args)
    {
        var command = verb.BuildCommand(verb);
        return command.Read(new RootCommand { command }.Parse([verb.Name, .. args], Parser));
    }

    private static async Task<int> RunVerbAsync(VerbCommand command, ParseResult result, CancellationToken ct)
    {
        var verb = command.Verb;
        try
        {
            return await verb.Run(command.Read(result), ct);
        }
        catch (Exception e) when (e is UsageException or DatasetException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine();
            Console.Error.WriteLine(Help(verb));
            return UsageError;
        }
        catch (MusicDashboard.Core.Storage.StorageException e)
        {
            // A read-only or full data folder: one plain line, as the dashboard's start says it.
            Console.Error.WriteLine($"{verb.Name}: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"{verb.Name}: cancelled");
            return 130;
        }
    }

    private static int HelpAbout(RootCommand root, string[] topic)
    {
        if (topic.Length == 0) { Console.WriteLine(Help()); return 0; }
        if (All.FirstOrDefault(v => v.Name == topic[0]) is { } verb) { Console.WriteLine(Help(verb)); return 0; }
        return RootError(root.Parse([topic[0]], Parser));
    }

    /// <summary>An unknown verb or top-level option: the error, the nearest verb System.CommandLine finds, the verbs.</summary>
    private static int RootError(ParseResult result)
    {
        var token = result.UnmatchedTokens.FirstOrDefault();
        Console.Error.WriteLine(token is null ? $"error: {result.Errors[0].Message}"
            : token.StartsWith('-') ? $"error: unknown option {token}{Suggestion(result, token)}"
            : $"error: unknown verb '{token}'{Suggestion(result, token)}");
        Console.Error.WriteLine($"verbs: {string.Join(", ", All.Select(v => v.Name))} (musicdash help <verb> for its options; no verb serves the dashboard)");
        return UsageError;
    }

    /// <summary>" (did you mean reproduce?)": System.CommandLine's typo correction for an unmatched token, or "".</summary>
    public static string Suggestion(ParseResult result, string token)
    {
        if (result.Action is not ParseErrorAction action) return "";
        action.ShowHelp = false;
        action.ShowTypoCorrections = true;
        var output = new StringWriter();
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture; // its satellite resources may translate the text parsed below (3.0.0's do not yet)
        try { result.Invoke(new InvocationConfiguration { Output = output, Error = TextWriter.Null }); }
        finally { CultureInfo.CurrentUICulture = culture; }
        // Its text: "'<token>' was not matched. Did you mean one of the following?" then one name per line.
        var lines = output.ToString().Split('\n', StringSplitOptions.TrimEntries);
        var at = Array.FindIndex(lines, l => l.StartsWith($"'{token}' was not matched", StringComparison.Ordinal));
        var names = at < 0 ? [] : lines.Skip(at + 1).TakeWhile(l => l.Length > 0 && !l.Contains(" was not matched", StringComparison.Ordinal)).ToList();
        return names.Count == 0 ? "" : $" (did you mean {string.Join(" or ", names)}?)";
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
            "  musicdash help <verb>          options of one verb (also: musicdash <verb> --help)",
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

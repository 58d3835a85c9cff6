using System.CommandLine;
using System.CommandLine.Parsing;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>
/// A verb as a System.CommandLine command: one <c>--name</c> option per <see cref="VerbOption"/> (a string, or a bool for
/// a flag), one optional argument per positional. <see cref="Read"/> turns a parse into the verb's <see cref="ParsedArgs"/>,
/// or a <see cref="UsageException"/> that says what is wrong in the verb's own words.
/// </summary>
public class VerbCommand : Command
{
    private readonly List<(VerbOption Spec, Option Option)> _options = [];
    private readonly List<(string Name, IReadOnlyList<string> Values, Argument<string> Argument)> _positionals = [];

    public Verb Verb { get; }

    public VerbCommand(Verb verb) : base(verb.Name, verb.Summary)
    {
        Verb = verb;
        foreach (var (name, values) in verb.Positionals)
        {
            var argument = new Argument<string>(name) { Arity = ArgumentArity.ZeroOrOne, Description = string.Join(" | ", values) };
            _positionals.Add((name, values, argument));
            Add(argument);
        }
        foreach (var spec in verb.Options)
        {
            Option option = spec.Value is null
                ? new Option<bool>("--" + spec.Name) { Description = spec.Help }
                : new Option<string>("--" + spec.Name) { Description = spec.Help, HelpName = spec.Value, Required = spec.Required };
            _options.Add((spec, option));
            Add(option);
        }
    }

    public static VerbCommand Build(Verb verb) => new(verb);

    /// <summary>The given options and positionals; the first problem, in the order a reader would fix them, is thrown.</summary>
    public virtual ParsedArgs Read(ParseResult result)
    {
        foreach (var token in result.UnmatchedTokens)
            throw new UsageException(token.StartsWith('-')
                ? $"{Name}: unknown option {token.Split('=', 2)[0]}{Verbs.Suggestion(result, token)}"
                : $"{Name}: unexpected argument '{token}'");
        foreach (var (spec, option) in _options)
            if (spec.Value is not null && result.GetResult(option) is { Implicit: false, Tokens.Count: 0 })
                throw new UsageException($"{Name}: --{spec.Name} needs a value ({spec.Value})");
        foreach (var (spec, option) in _options)
            if (spec.Required && result.GetResult(option) is not { Implicit: false })
                throw new UsageException($"{Name}: --{spec.Name} is required");
        if (result.Errors.Count > 0) throw new UsageException($"{Name}: {result.Errors[0].Message}");

        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (spec, option) in _options)
        {
            if (option is Option<bool> flag) { if (result.GetValue(flag)) values[spec.Name] = null; }
            else if (result.GetResult(option) is { Implicit: false }) values[spec.Name] = result.GetValue((Option<string>)option);
        }
        var parsed = new ParsedArgs(Name, values);
        foreach (var (name, allowed, argument) in _positionals)
        {
            var value = result.GetValue(argument);
            if (value is null) throw new UsageException($"{Name}: which {name}? ({string.Join(" | ", allowed)})");
            if (!allowed.Contains(value)) throw new UsageException($"{Name}: unknown {name} '{value}' ({string.Join(" | ", allowed)})");
            parsed.Positional[name] = value;
        }
        return parsed;
    }
}

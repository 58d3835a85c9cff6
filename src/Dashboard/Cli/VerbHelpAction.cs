using System.CommandLine;
using System.CommandLine.Invocation;

namespace MusicDashboard.Dashboard.Cli;

/// <summary><c>--help</c> / <c>-h</c> anywhere: the verb's own help (or the overview at the top), even when other
/// arguments are wrong.</summary>
public sealed class VerbHelpAction : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        Console.WriteLine(parseResult.CommandResult.Command is VerbCommand command ? Verbs.Help(command.Verb) : Verbs.Help());
        return 0;
    }
}

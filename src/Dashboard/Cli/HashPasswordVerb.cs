using MusicDashboard.Dashboard.Security;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>
/// <c>musicdash hash-password</c>: reads a password (typed without echo at a terminal, or one line from standard input
/// with <c>--stdin</c>) and prints its hash for <c>MusicDashboard:Authentication:PasswordHash</c>. The password itself
/// is never an option (it would stay in the shell's history and the process list).
/// </summary>
public static class HashPasswordVerb
{
    public static Verb Definition { get; } = new("hash-password",
        "print the hash of a password for MusicDashboard:Authentication:PasswordHash (sign-in when the dashboard is exposed)",
    [
        new("stdin", null, "read the password from the first line of standard input instead of asking for it"),
    ], RunAsync);

    private static Task<int> RunAsync(ParsedArgs a, CancellationToken ct)
    {
        string? password;
        if (a.Has("stdin") || Console.IsInputRedirected) password = Console.In.ReadLine();
        else
        {
            password = Prompt("Password: ");
            if (password is not null && Prompt("Again: ") != password) throw new UsageException("hash-password: the two passwords differ; nothing was printed");
        }
        if (string.IsNullOrEmpty(password)) throw new UsageException("hash-password: no password was given");
        if (password.Length < AccountPasswords.MinimumLength)
            throw new UsageException($"hash-password: use at least {AccountPasswords.MinimumLength} characters");
        Console.WriteLine(AccountPasswords.Hash(password));
        Console.Error.WriteLine("Put this in appsettings.json as MusicDashboard:Authentication:PasswordHash (with UserName), or in the environment as MusicDashboard__Authentication__PasswordHash.");
        return Task.FromResult(0);
    }

    /// <summary>Reads a line at the terminal without showing it.</summary>
    private static string? Prompt(string label)
    {
        Console.Error.Write(label);
        var text = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace) { if (text.Length > 0) text.Length--; continue; }
            if (!char.IsControl(key.KeyChar)) text.Append(key.KeyChar);
        }
        Console.Error.WriteLine();
        return text.ToString();
    }
}

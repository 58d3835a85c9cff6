using MusicDashboard.Dashboard.Cli;

namespace MusicDashboard.Dashboard.Tests.Cli;

public class VerbsTests
{
    [Fact]
    public void HelpListsEveryVerbAndItsOptions()
    {
        var help = Verbs.Help();
        Assert.Contains("demo", help);
        Assert.Contains("reproduce", help);
        Assert.Contains("--tracks-per-genre", help); // the top-level help lists options too
        var reproduce = Verbs.Help(ReproduceVerb.Definition);
        foreach (var option in new[] { "--dataset", "--out", "--seed", "--epochs", "--preset" }) Assert.Contains(option, reproduce);
        Assert.Contains("--tracks-per-genre", Verbs.Help(DemoVerb.Definition));
    }

    [Theory]
    [InlineData(new[] { "demo", "--out", "x" }, true)]
    [InlineData(new[] { "--help" }, true)]
    [InlineData(new[] { "--urls", "http://127.0.0.1:5005" }, false)]
    [InlineData(new string[0], false)]
    public void OnlyVerbsAndHelpLeaveTheWebHostOut(string[] args, bool isVerb) => Assert.Equal(isVerb, Verbs.IsVerbInvocation(args));

    [Fact]
    public void ParsesValuesAndInlineValues()
    {
        var a = Verbs.Parse(ReproduceVerb.Definition, ["--dataset", "demo", "--out=o", "--seed", "7"]);
        Assert.Equal("demo", a.Get("dataset"));
        Assert.Equal("o", a.Get("out"));
        Assert.Equal(7, a.GetInt("seed", 0));
        Assert.Equal(50, a.GetInt("epochs", 50));
    }

    [Theory]
    [InlineData(new[] { "--out", "o" }, "--dataset is required")]
    [InlineData(new[] { "--dataset", "demo", "--out", "o", "--bogus" }, "unknown option --bogus")]
    [InlineData(new[] { "--dataset", "demo", "--out" }, "--out needs a value")]
    [InlineData(new[] { "--dataset", "demo", "--out", "o", "stray" }, "unexpected argument 'stray'")]
    public void WrongArgumentsSayWhatIsWrong(string[] args, string message)
    {
        var e = Assert.Throws<UsageException>(() => Verbs.Parse(ReproduceVerb.Definition, args));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void BadNumbersAreRefusedWithTheRange()
    {
        var a = Verbs.Parse(ReproduceVerb.Definition, ["--dataset", "demo", "--out", "o", "--epochs", "-3"]);
        var e = Assert.Throws<UsageException>(() => a.GetInt("epochs", 50, 1, 10000));
        Assert.Contains("between 1 and 10000", e.Message);
        Assert.Contains("-3", e.Message);
    }
}

// Redirects Console.Out, as TrainVerbTests does: one collection, so they never run at once.
[Collection("config folder")]
public class BenchVerbTests
{
    [Fact]
    public async Task BenchClusterRunsOnSmallSizesAndRefusesUnknownTargets()
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            Assert.Equal(0, await Verbs.RunAsync(["bench", "cluster", "--sizes", "60,80", "--repeats", "1", "--no-peer"]));
        }
        finally
        {
            Console.SetOut(original);
        }
        var lines = output.ToString().Split('\n');
        Assert.Equal(2, lines.Count(l => l.StartsWith("[bench] kmeans") && l.Contains(" ms")));
        Assert.Equal(2, lines.Count(l => l.StartsWith("[bench] silhouette (exact)") && l.Contains(" ms")));
        Assert.Contains("unknown target 'nonsense'", Assert.Throws<UsageException>(() => Verbs.Parse(BenchVerb.Definition, ["nonsense"])).Message);
        Assert.Contains("which target?", Assert.Throws<UsageException>(() => Verbs.Parse(BenchVerb.Definition, ["--sizes", "5"])).Message);
        Assert.Contains("bench cluster", Verbs.Help());
    }
}

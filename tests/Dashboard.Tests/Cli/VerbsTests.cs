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
    [InlineData(new[] { "help", "reproduce" }, true)]
    [InlineData(new[] { "reprodcue" }, true)] // a mistyped verb is reported, never a silently started server
    [InlineData(new[] { "worker" }, true)]
    [InlineData(new[] { "--urls", "http://127.0.0.1:5005" }, false)]
    [InlineData(new[] { "--MusicDashboard:DataFolder=/tmp/x", "--urls", "http://127.0.0.1:5005" }, false)]
    [InlineData(new[] { "urls=http://127.0.0.1:5005" }, false)]
    [InlineData(new string[0], false)]
    public void OnlyHostOptionsOrNothingStartTheServer(string[] args, bool isVerb) => Assert.Equal(isVerb, Verbs.IsVerbInvocation(args));

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
    [InlineData(new[] { "--dataset", "demo", "--out", "o", "--seeed", "1" }, "unknown option --seeed (did you mean --seed?)")]
    [InlineData(new[] { "--dataset", "demo", "--out", "o", "--quick=yes" }, "unexpected argument 'yes'")]
    [InlineData(new[] { "--dataset", "demo", "--out", "o", "--seed", "1", "--seed", "2" }, "--seed")]
    public void WrongArgumentsSayWhatIsWrong(string[] args, string message)
    {
        var e = Assert.Throws<UsageException>(() => Verbs.Parse(ReproduceVerb.Definition, args));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void FlagsAndValuesStartingWithADashAreRead()
    {
        var a = Verbs.Parse(ReproduceVerb.Definition, ["--quick", "--dataset", "demo", "--out", "o"]);
        Assert.True(a.Has("quick"));
        Assert.Null(a.Get("quick"));
        Assert.False(Verbs.Parse(ReproduceVerb.Definition, ["--dataset", "demo", "--out", "o"]).Has("quick"));
        Assert.False(a.Has("seed"));
        Assert.Equal("-3", Verbs.Parse(ReproduceVerb.Definition, ["--dataset", "demo", "--out", "o", "--epochs", "-3"]).Get("epochs"));
        var bench = Verbs.Parse(BenchVerb.Definition, ["--no-peer", "cluster", "--sizes", "60"]);
        Assert.Equal("cluster", bench.Positional["target"]);
        Assert.True(bench.Has("no-peer"));
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

// Redirects Console.Out and Console.Error: in the same collection as the other console tests.
[Collection("config folder")]
public class VerbDispatchTests
{
    private static async Task<(int Code, string Out, string Error)> Run(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var (originalOut, originalError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try { return (await Verbs.RunAsync(args), output.ToString(), error.ToString()); }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }

    [Theory]
    [InlineData("reprodcue")]
    [InlineData("help", "reprodcue")]
    public async Task AMistypedVerbIsAnErrorNamingTheClosestVerb(params string[] args)
    {
        var (code, output, error) = await Run(args);
        Assert.Equal(Verbs.UsageError, code);
        Assert.Contains("unknown verb 'reprodcue' (did you mean reproduce?)", error);
        Assert.Contains("verbs: demo, reproduce,", error);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task AnUnknownWordIsAnErrorListingTheVerbs()
    {
        var (code, _, error) = await Run("wrangler");
        Assert.Equal(Verbs.UsageError, code);
        Assert.Contains("unknown verb 'wrangler'", error);
        Assert.Contains("features", error);
    }

    [Fact]
    public async Task AWorkerWithoutScaleOutSaysWhatToSetAndDoesNotStart()
    {
        var (code, output, error) = await Run("worker");
        Assert.Equal(1, code);
        Assert.Contains("musicdash worker: not starting: a worker takes its jobs from the shared database: set MusicDashboard:ScaleOut:Enabled to true", error);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task AnUnknownOptionIsAnErrorWithTheVerbsHelp()
    {
        var (code, _, error) = await Run("demo", "--out", "x", "--tracks-per-genr", "2");
        Assert.Equal(Verbs.UsageError, code);
        Assert.Contains("error: demo: unknown option --tracks-per-genr (did you mean --tracks-per-genre?)", error);
        Assert.Contains("musicdash demo:", error);
    }

    [Theory]
    [InlineData("help", "demo")]
    [InlineData("demo", "--help")]
    [InlineData("demo", "-h")]
    [InlineData("demo", "--seed", "x", "--help")] // help wins over wrong or missing options
    public async Task HelpOfOneVerbPrintsThatVerbOnly(params string[] args)
    {
        var (code, output, error) = await Run(args);
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.StartsWith("musicdash demo:", output);
        Assert.Contains("--tracks-per-genre", output);
        Assert.DoesNotContain("--dataset", output); // reproduce's options are not listed
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("help")]
    public async Task TheOverviewListsEveryVerb(params string[] args)
    {
        var (code, output, _) = await Run(args);
        Assert.Equal(0, code);
        foreach (var verb in Verbs.All) Assert.Contains(verb.Name, output);
    }
}
